"""@requires chains: required fields that are themselves @requires fields, in lists and across subgraphs."""

from tests.planning.plans import assert_plan

FEATURE = "requires_chain"


def test_a_requirement_that_itself_requires_runs_after_it() -> None:
    """`total` requires `subtotal tax`, and `tax` (another subgraph) requires `subtotal`: three fetches in a row."""
    assert_plan(
        FEATURE,
        "{ orders { id tax total } }",
        """
        QueryPlan {
          Sequence {
            Fetch(service: "a") {
              {
                orders {
                  __typename
                  id
                  subtotal
                }
              }
            },
            Flatten(path: "orders.@") {
              Fetch(service: "b") {
                {
                  ... on Order {
                    __typename
                    id
                    subtotal
                  }
                } =>
                {
                  ... on Order {
                    tax
                  }
                }
              },
            },
            Flatten(path: "orders.@") {
              Fetch(service: "c") {
                {
                  ... on Order {
                    __typename
                    subtotal
                    tax
                    id
                  }
                } =>
                {
                  ... on Order {
                    total
                  }
                }
              },
            },
          },
        }
        """,
    )


def test_requires_of_a_list_field_with_a_required_sub_field() -> None:
    """`shipping` requires `lines { weight }`, where each line's `weight` itself requires `quantity`: the line fetches
    run first, at the lines' path."""
    assert_plan(
        FEATURE,
        "{ orders { shipping } }",
        """
        QueryPlan {
          Sequence {
            Fetch(service: "a") {
              {
                orders {
                  __typename
                  id
                  lines {
                    __typename
                    id
                    quantity
                  }
                }
              }
            },
            Flatten(path: "orders.@.lines.@") {
              Fetch(service: "b") {
                {
                  ... on Line {
                    __typename
                    id
                    quantity
                  }
                } =>
                {
                  ... on Line {
                    weight
                  }
                }
              },
            },
            Flatten(path: "orders.@") {
              Fetch(service: "c") {
                {
                  ... on Order {
                    __typename
                    lines {
                      weight
                    }
                    id
                  }
                } =>
                {
                  ... on Order {
                    shipping
                  }
                }
              },
            },
          },
        }
        """,
    )


def test_several_chains_at_once() -> None:
    """Plain fields, a chain of requirements and a list requirement together."""
    assert_plan(
        FEATURE,
        "{ orders { lines { weight } shipping total } }",
        """
        QueryPlan {
          Sequence {
            Fetch(service: "a") {
              {
                orders {
                  __typename
                  id
                  lines {
                    __typename
                    id
                    quantity
                  }
                  subtotal
                }
              }
            },
            Parallel {
              Sequence {
                Flatten(path: "orders.@.lines.@") {
                  Fetch(service: "b") {
                    {
                      ... on Line {
                        __typename
                        id
                        quantity
                      }
                    } =>
                    {
                      ... on Line {
                        weight
                      }
                    }
                  },
                },
                Flatten(path: "orders.@") {
                  Fetch(service: "c") {
                    {
                      ... on Order {
                        __typename
                        lines {
                          weight
                        }
                        id
                      }
                    } =>
                    {
                      ... on Order {
                        shipping
                      }
                    }
                  },
                },
              },
              Sequence {
                Flatten(path: "orders.@") {
                  Fetch(service: "b") {
                    {
                      ... on Order {
                        __typename
                        id
                        subtotal
                      }
                    } =>
                    {
                      ... on Order {
                        tax
                      }
                    }
                  },
                },
                Flatten(path: "orders.@") {
                  Fetch(service: "c") {
                    {
                      ... on Order {
                        __typename
                        subtotal
                        tax
                        id
                      }
                    } =>
                    {
                      ... on Order {
                        total
                      }
                    }
                  },
                },
              },
            },
          },
        }
        """,
    )
