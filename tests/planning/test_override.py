"""@override, progressive @override(label:), and an overridden field that another subgraph requires."""

from tests.planning.plans import assert_plan

FEATURE = "override"


def test_overridden_field_is_fetched_from_the_overriding_subgraph() -> None:
    """`price` moved from a to b with `@override(from: "a")`: b serves it."""
    assert_plan(
        FEATURE,
        "{ products { name price } }",
        """
        QueryPlan {
          Sequence {
            Fetch(service: "a") {
              {
                products {
                  __typename
                  id
                  name
                }
              }
            },
            Flatten(path: "products.@") {
              Fetch(service: "b") {
                {
                  ... on Product {
                    __typename
                    id
                  }
                } =>
                {
                  ... on Product {
                    price
                  }
                }
              },
            },
          },
        }
        """,
    )


def test_progressive_override_keeps_the_original_subgraph_while_the_label_is_off() -> None:
    """`weight` has `@override(from: "a", label: "percent(25)")`: without the label, a still serves it."""
    assert_plan(
        FEATURE,
        "{ products { name weight } }",
        """
        QueryPlan {
          Fetch(service: "a") {
            {
              products {
                name
                weight
              }
            }
          },
        }
        """,
    )


def test_progressive_override_moves_the_field_when_the_label_is_on() -> None:
    """With the label enabled, b serves `weight`."""
    assert_plan(
        FEATURE,
        "{ products { name weight } }",
        """
        QueryPlan {
          Sequence {
            Fetch(service: "a") {
              {
                products {
                  __typename
                  id
                  name
                }
              }
            },
            Flatten(path: "products.@") {
              Fetch(service: "b") {
                {
                  ... on Product {
                    __typename
                    id
                  }
                } =>
                {
                  ... on Product {
                    weight
                  }
                }
              },
            },
          },
        }
        """,
        labels=frozenset(["percent(25)"]),
    )


def test_a_required_field_that_was_overridden_comes_from_its_new_owner() -> None:
    """`shipping` in c requires `price`, which b took over: b is asked before c."""
    assert_plan(
        FEATURE,
        "{ products { name shipping } }",
        """
        QueryPlan {
          Sequence {
            Fetch(service: "a") {
              {
                products {
                  __typename
                  id
                  name
                }
              }
            },
            Flatten(path: "products.@") {
              Fetch(service: "b") {
                {
                  ... on Product {
                    __typename
                    id
                  }
                } =>
                {
                  ... on Product {
                    price
                  }
                }
              },
            },
            Flatten(path: "products.@") {
              Fetch(service: "c") {
                {
                  ... on Product {
                    __typename
                    price
                    id
                  }
                } =>
                {
                  ... on Product {
                    shipping
                  }
                }
              },
            },
          },
        }
        """,
    )
