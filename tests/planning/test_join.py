"""Join metadata read from supergraphs: who defines and resolves what."""

from router.supergraph.join import JoinMetadata
from tests.planning.plans import supergraph


def test_keys_per_subgraph_with_several_and_compound_keys() -> None:
    meta = JoinMetadata.from_supergraph(supergraph("entities"))
    product = meta.type("Product")
    assert product.graphs == frozenset({"PRODUCTS", "REVIEWS", "INVENTORY"})
    assert [k.fields for k in product.keys_in("PRODUCTS")] == ["upc", "sku variant { id }"]
    assert [k.fields for k in product.keys_in("INVENTORY")] == ["sku variant { id }"]
    assert meta.type("User").is_entity_in("REVIEWS")
    assert not meta.type("Variant").is_entity_in("PRODUCTS")


def test_fields_resolved_by_their_subgraphs_and_key_fields_by_every_key_holder() -> None:
    meta = JoinMetadata.from_supergraph(supergraph("entities"))
    name = meta.field("Product", "name")
    assert name is not None and name.resolving_graphs() == frozenset({"PRODUCTS"})
    upc = meta.field("Product", "upc")
    assert upc is not None and upc.resolving_graphs() == frozenset({"PRODUCTS", "REVIEWS"})


def test_requires_external_and_override_labels() -> None:
    meta = JoinMetadata.from_supergraph(supergraph("override"))
    price = meta.field("Product", "price")
    assert price is not None
    assert price.resolving_graphs() == frozenset({"B"})
    assert price.by_graph["C"].external and price.by_graph["B"].override == "a"
    weight = meta.field("Product", "weight")
    assert weight is not None
    assert weight.resolving_graphs() == frozenset({"A"})
    assert weight.resolving_graphs(frozenset({"percent(25)"})) == frozenset({"B"})
    shipping = meta.field("Product", "shipping")
    assert shipping is not None and shipping.by_graph["C"].requires == "price"


def test_interface_objects_implements_and_union_members() -> None:
    meta = JoinMetadata.from_supergraph(supergraph("interface_object"))
    animal = meta.type("Animal")
    assert animal.interface_object_in == frozenset({"B"})
    assert meta.type("Dog").implements == {"A": frozenset({"Animal"})}
    rating = meta.field("Dog", "rating")
    assert rating is not None and rating.resolving_graphs() == frozenset()  # only through the interface object
    result = JoinMetadata.from_supergraph(supergraph("abstract")).type("Result")
    assert result.union_members == {"A": frozenset({"Book", "Author"}), "B": frozenset({"Book", "Magazine"})}


def test_fed1_owner_and_value_types() -> None:
    meta = JoinMetadata.from_supergraph(supergraph("fed1"))
    assert meta.type("User").owner == "ACCOUNTS"
    assert meta.type("Rating").graphs == frozenset({"ACCOUNTS", "REVIEWS"})
    user_id = meta.field("User", "id")
    assert user_id is not None and user_id.resolving_graphs() == frozenset({"ACCOUNTS", "REVIEWS"})
    provides = meta.field("Review", "author")
    assert provides is not None and provides.by_graph["REVIEWS"].provides == "username"


def test_metadata_is_computed_once_per_supergraph_object() -> None:
    schema = supergraph("entities")
    assert JoinMetadata.from_supergraph(schema) is JoinMetadata.from_supergraph(schema)
