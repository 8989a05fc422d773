"""@requires: required fields (with arguments, sub-selections, fragments) are fetched first, from wherever they live."""

from tests.planning.plans import assert_plan

FEATURE = "requires"


def test_required_fields_from_two_subgraphs_come_first() -> None:
    """`@requires(fields: "price weight(unit: \"g\")")`: the required fields (one with an argument, one from a third
    subgraph) are fetched before the requiring fetch, which depends on both."""
    assert_plan(
        FEATURE,
        "{ products { name shippingEstimate } }",
        """
        QueryPlan {
          Sequence {
            Fetch(service: "catalog") {
              {
                products {
                  __typename
                  id
                  name
                  weight(unit: "g")
                }
              }
            },
            Flatten(path: "products.@") {
              Fetch(service: "pricing") {
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
              Fetch(service: "shipping") {
                {
                  ... on Product {
                    __typename
                    price
                    weight
                    id
                  }
                } =>
                {
                  ... on Product {
                    shippingEstimate
                  }
                }
              },
            },
          },
        }
        """,
    )


def test_requires_with_a_nested_selection_and_a_plain_field_share_one_fetch() -> None:
    """A `@requires` with a sub-selection; a plain field of the same subgraph joins the same fetch."""
    assert_plan(
        FEATURE,
        "{ products { volume label } }",
        """
        QueryPlan {
          Sequence {
            Fetch(service: "catalog") {
              {
                products {
                  __typename
                  id
                  dimensions {
                    size
                    depth
                  }
                }
              }
            },
            Flatten(path: "products.@") {
              Fetch(service: "shipping") {
                {
                  ... on Product {
                    __typename
                    id
                    dimensions {
                      size
                      depth
                    }
                  }
                } =>
                {
                  ... on Product {
                    volume
                    label
                  }
                }
              },
            },
          },
        }
        """,
    )


def test_requires_with_fragments_on_a_union() -> None:
    """`@requires(fields: "media { ... on Book { pages } ... on Movie { minutes } }")`: fragments and `__typename` go
    into the representation."""
    assert_plan(
        FEATURE,
        """
        { product(id: "1") { packaging } }
        """,
        """
        QueryPlan {
          Sequence {
            Fetch(service: "catalog") {
              {
                product(id: "1") {
                  __typename
                  id
                  media {
                    __typename
                    ... on Book {
                      pages
                    }
                    ... on Movie {
                      minutes
                    }
                  }
                }
              }
            },
            Flatten(path: "product") {
              Fetch(service: "shipping") {
                {
                  ... on Product {
                    __typename
                    id
                    media {
                      ... on Book {
                        pages
                      }
                      ... on Movie {
                        minutes
                      }
                    }
                  }
                } =>
                {
                  ... on Product {
                    packaging
                  }
                }
              },
            },
          },
        }
        """,
    )


def test_requiring_fetches_of_one_subgraph_merge_when_the_plan_gets_no_longer() -> None:
    """Three `@requires` fields of one subgraph, one of them waiting for another subgraph: one fetch serves all three
    after it, since the plan is no longer for it (Apollo's planner makes two)."""
    assert_plan(
        FEATURE,
        "{ products { shippingEstimate volume packaging price name } }",
        """
        QueryPlan {
          Sequence {
            Fetch(service: "catalog") {
              {
                products {
                  __typename
                  id
                  name
                  weight(unit: "g")
                  dimensions {
                    size
                    depth
                  }
                  media {
                    __typename
                    ... on Book {
                      pages
                    }
                    ... on Movie {
                      minutes
                    }
                  }
                }
              }
            },
            Flatten(path: "products.@") {
              Fetch(service: "pricing") {
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
              Fetch(service: "shipping") {
                {
                  ... on Product {
                    __typename
                    price
                    weight
                    id
                    dimensions {
                      size
                      depth
                    }
                    media {
                      ... on Book {
                        pages
                      }
                      ... on Movie {
                        minutes
                      }
                    }
                  }
                } =>
                {
                  ... on Product {
                    shippingEstimate
                    volume
                    packaging
                  }
                }
              },
            },
          },
        }
        """,
    )


def test_a_required_field_with_other_arguments_than_the_clients_is_fetched_under_an_alias() -> None:
    """The client asks `weight` (in kg) and `shippingEstimate` requires `weight(unit: "g")`: the required one is fetched
    as `weight__requires` and renamed in the representation (Apollo's planner sends the client's value here)."""
    assert_plan(
        FEATURE,
        "{ products { weight shippingEstimate } }",
        """
        QueryPlan {
          Sequence {
            Fetch(service: "catalog") {
              {
                products {
                  __typename
                  id
                  weight
                  weight__requires: weight(unit: "g")
                }
              }
            },
            Flatten(path: "products.@") {
              Fetch(service: "pricing") {
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
              Fetch(service: "shipping") {
                {
                  ... on Product {
                    __typename
                    price
                    weight__requires
                    id
                  }
                } =>
                {
                  ... on Product {
                    shippingEstimate
                  }
                }
              },
            },
          },
        }
        """,
    )
