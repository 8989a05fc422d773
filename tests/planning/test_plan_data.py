"""The plan as data, beyond its printed form: what the executor reads (operations, variables, shapes, rewrites)."""

from graphql import parse

from router.planning.operation import PlanningError
from router.planning.plan import (
    Condition,
    Fetch,
    FieldSelection,
    Flatten,
    InlineFragmentSelection,
    KeyRenamer,
    OperationKind,
    Parallel,
    Sequence,
    ValueSetter,
)
from router.planning.planner import build_plan
from tests.planning.plans import supergraph


def _fetches(node: object) -> list[Fetch]:
    if isinstance(node, Fetch):
        return [node]
    if isinstance(node, Flatten):
        return _fetches(node.node)
    if isinstance(node, Sequence | Parallel):
        return [f for child in node.nodes for f in _fetches(child)]
    if isinstance(node, Condition):
        return _fetches(node.if_clause) + _fetches(node.else_clause)
    return []


def test_fetch_operations_declare_only_the_variables_they_use() -> None:
    document = parse(
        "query Top($f: Int, $unused: String) "
        "{ topProducts(first: $f) { reviews { author { reviews(first: $f) { body } } } } }"
    )
    plan = build_plan(supergraph("entities"), document, "Top")
    fetches = _fetches(plan.node)
    assert [f.service for f in fetches] == ["products", "reviews"]
    assert fetches[0].operation == "query Top__products__0($f:Int){topProducts(first:$f){__typename upc}}"
    assert fetches[0].variable_usages == ("f",)
    assert fetches[0].requires is None
    assert fetches[1].variable_usages == ("f",)
    assert fetches[1].operation == (
        "query Top__reviews__1($representations:[_Any!]!,$f:Int){_entities(representations:$representations)"
        "{...on Product{reviews{author{reviews(first:$f){body}}}}}}"
    )
    assert fetches[1].requires == (
        InlineFragmentSelection("Product", (FieldSelection("__typename"), FieldSelection("upc"))),
    )


def test_anonymous_operations_get_anonymous_fetches() -> None:
    plan = build_plan(supergraph("entities"), parse("{ me { name } }"), None)
    assert plan.node == Fetch(service="accounts", operation="{me{name}}")


def test_mutations_are_mutation_fetches_and_their_entity_jumps_queries() -> None:
    plan = build_plan(supergraph("entities"), parse('mutation { login(name: "a") { reviews { id } } }'), None)
    first, second = _fetches(plan.node)
    assert (first.operation_kind, second.operation_kind) == (OperationKind.MUTATION, OperationKind.QUERY)
    assert first.operation == 'mutation{login(name:"a"){__typename id}}'


def test_interface_object_representations_carry_the_interface_name() -> None:
    plan = build_plan(supergraph("interface_object"), parse("{ animals { rating } }"), None)
    entity = _fetches(plan.node)[1]
    assert entity.service == "b"
    (shape,) = entity.requires or ()
    assert isinstance(shape, InlineFragmentSelection)
    assert shape.type_condition == "Animal"
    assert shape.possible_types == frozenset({"Animal", "Cat", "Dog"})
    assert entity.input_rewrites == (ValueSetter(("... on Animal", "__typename"), "Animal"),)


def test_concrete_objects_entering_an_interface_object_are_renamed_per_type() -> None:
    plan = build_plan(supergraph("interface_object"), parse("{ animals { ... on Dog { rating } } }"), None)
    entity = _fetches(plan.node)[1]
    assert entity.requires == (InlineFragmentSelection("Dog", (FieldSelection("__typename"), FieldSelection("id"))),)
    assert entity.input_rewrites == (ValueSetter(("... on Dog", "__typename"), "Animal"),)


def test_requires_shape_includes_arguments_free_required_fields_and_union_fragments() -> None:
    plan = build_plan(supergraph("requires"), parse('{ product(id: "1") { packaging } }'), None)
    root, entity = _fetches(plan.node)
    assert root.operation == '{product(id:"1"){__typename id media{__typename ...on Book{pages} ...on Movie{minutes}}}}'
    assert entity.requires == (
        InlineFragmentSelection(
            "Product",
            (
                FieldSelection("__typename"),
                FieldSelection("id"),
                FieldSelection(
                    "media",
                    (
                        InlineFragmentSelection("Book", (FieldSelection("pages"),)),
                        InlineFragmentSelection("Movie", (FieldSelection("minutes"),)),
                    ),
                ),
            ),
        ),
    )


def test_condition_nodes_wrap_fetches_of_conditioned_fields() -> None:
    document = parse("query ($v: Boolean!) { me { reviews @include(if: $v) { body } } }")
    plan = build_plan(supergraph("entities"), document, None)
    assert isinstance(plan.node, Sequence)
    condition = plan.node.nodes[1]
    assert isinstance(condition, Condition)
    assert (condition.variable, condition.else_clause) == ("v", None)
    assert isinstance(condition.if_clause, Flatten)


def test_only_typename_at_the_root_needs_no_fetch() -> None:
    assert build_plan(supergraph("entities"), parse("{ __typename }"), None).node is None


def test_unknown_operation_name_is_a_planning_error() -> None:
    document = parse("query A { me { id } } query B { me { name } }")
    for name in (None, "C"):
        try:
            build_plan(supergraph("entities"), document, name)
        except PlanningError:
            continue
        raise AssertionError(f"planned with operation name {name!r}")


def test_plans_of_one_operation_are_equal_and_deterministic() -> None:
    query = "{ topProducts { name reviews { author { name organization { name warehouses } } } } }"
    plans = {build_plan(supergraph("entities"), parse(query), None) for _ in range(3)}
    assert len(plans) == 1


def test_aliased_requirement_is_renamed_back_in_the_representation() -> None:
    plan = build_plan(supergraph("requires"), parse("{ products { weight shippingEstimate } }"), None)
    root, _pricing, shipping = _fetches(plan.node)
    assert root.operation == '{products{__typename id weight weight__requires:weight(unit:"g")}}'
    assert shipping.input_rewrites == (KeyRenamer(("... on Product", "weight__requires"), "weight"),)


def test_deep_operations_stay_in_the_subgraph_that_serves_them() -> None:
    depth = 80  # 160 levels: about as deep as graphql-core parses
    inner = "name"
    for _ in range(depth):
        inner = f"reviews {{ author {{ {inner} }} }}"
    plan = build_plan(supergraph("entities"), parse(f"{{ me {{ {inner} }} }}"), None)
    assert isinstance(plan.node, Sequence)
    *_, last = plan.node.nodes
    assert [f.service for f in _fetches(plan.node)] == ["accounts", "reviews", "accounts"]
    assert isinstance(last, Flatten)
    assert last.path == ("me", *("reviews", "@", "author") * depth)


def test_subscriptions_are_refused() -> None:
    document = parse("subscription { me { id } }")
    try:
        build_plan(supergraph("entities"), document, None)
    except PlanningError as error:
        assert "subscription" in str(error)
    else:
        raise AssertionError("a subscription was planned")


def test_a_key_field_whose_name_the_client_uses_as_an_alias_is_fetched_under_another_one() -> None:
    plan = build_plan(supergraph("entities"), parse("{ me { id: name reviews { body } } }"), None)
    root, entity = _fetches(plan.node)
    assert root.operation == "{me{__typename id:name id__key:id}}"
    assert entity.requires == (
        InlineFragmentSelection("User", (FieldSelection("__typename"), FieldSelection("id__key"))),
    )
    assert entity.input_rewrites == (KeyRenamer(("... on User", "id__key"), "id"),)
