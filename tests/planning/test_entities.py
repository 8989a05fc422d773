"""Entities: key jumps between subgraphs, lists, compound, nested and several keys, aliases, variables, fragments."""

from tests.planning.plans import assert_plan

FEATURE = "entities"


def test_entity_jump_from_a_root_field_then_on_to_a_third_subgraph_in_a_list() -> None:
    """A root field's entity is extended by another subgraph, whose list of references points to a third one."""
    assert_plan(
        FEATURE,
        "{ me { name reviews { body product { name price } } } }",
        """
        QueryPlan {
          Sequence {
            Fetch(service: "accounts") {
              {
                me {
                  __typename
                  id
                  name
                }
              }
            },
            Flatten(path: "me") {
              Fetch(service: "reviews") {
                {
                  ... on User {
                    __typename
                    id
                  }
                } =>
                {
                  ... on User {
                    reviews {
                      body
                      product {
                        __typename
                        upc
                      }
                    }
                  }
                }
              },
            },
            Flatten(path: "me.reviews.@.product") {
              Fetch(service: "products") {
                {
                  ... on Product {
                    __typename
                    upc
                  }
                } =>
                {
                  ... on Product {
                    name
                    price
                  }
                }
              },
            },
          },
        }
        """,
    )


def test_deeper_jumps_follow_the_response_path_through_every_list() -> None:
    """Each jump merges at its own response path; lists add `@`."""
    assert_plan(
        FEATURE,
        "{ topProducts { name reviews { author { name organization { name warehouses } } } } }",
        """
        QueryPlan {
          Sequence {
            Fetch(service: "products") {
              {
                topProducts {
                  __typename
                  upc
                  name
                }
              }
            },
            Flatten(path: "topProducts.@") {
              Fetch(service: "reviews") {
                {
                  ... on Product {
                    __typename
                    upc
                  }
                } =>
                {
                  ... on Product {
                    reviews {
                      author {
                        __typename
                        id
                      }
                    }
                  }
                }
              },
            },
            Flatten(path: "topProducts.@.reviews.@.author") {
              Fetch(service: "accounts") {
                {
                  ... on User {
                    __typename
                    id
                  }
                } =>
                {
                  ... on User {
                    name
                    organization {
                      __typename
                      id
                      name
                    }
                  }
                }
              },
            },
            Flatten(path: "topProducts.@.reviews.@.author.organization") {
              Fetch(service: "inventory") {
                {
                  ... on Organization {
                    __typename
                    id
                  }
                } =>
                {
                  ... on Organization {
                    warehouses
                  }
                }
              },
            },
          },
        }
        """,
    )


def test_compound_and_nested_key_is_fetched_before_the_jump() -> None:
    """A key with a nested field (`sku variant { id }`) is collected in full before jumping."""
    assert_plan(
        FEATURE,
        "{ topProducts(first: 2) { upc inStock } }",
        """
        QueryPlan {
          Sequence {
            Fetch(service: "products") {
              {
                topProducts(first: 2) {
                  __typename
                  sku
                  variant {
                    id
                  }
                  upc
                }
              }
            },
            Flatten(path: "topProducts.@") {
              Fetch(service: "inventory") {
                {
                  ... on Product {
                    __typename
                    sku
                    variant {
                      id
                    }
                  }
                } =>
                {
                  ... on Product {
                    inStock
                  }
                }
              },
            },
          },
        }
        """,
    )


def test_several_root_subgraphs_run_in_parallel() -> None:
    """Root fields of different subgraphs are fetched in parallel, one fetch per subgraph."""
    assert_plan(
        FEATURE,
        "{ me { id } users { name } topProducts { name } }",
        """
        QueryPlan {
          Parallel {
            Fetch(service: "accounts") {
              {
                me {
                  id
                }
                users {
                  name
                }
              }
            },
            Fetch(service: "products") {
              {
                topProducts {
                  name
                }
              }
            },
          },
        }
        """,
    )


def test_variables_are_declared_by_the_fetches_that_use_them() -> None:
    """Every fetch declares just the client variables it forwards."""
    assert_plan(
        FEATURE,
        """
        query ($f: Int) { topProducts(first: $f) { reviews { author { reviews(first: $f) { body } } } } }
        """,
        """
        QueryPlan {
          Sequence {
            Fetch(service: "products") {
              {
                topProducts(first: $f) {
                  __typename
                  upc
                }
              }
            },
            Flatten(path: "topProducts.@") {
              Fetch(service: "reviews") {
                {
                  ... on Product {
                    __typename
                    upc
                  }
                } =>
                {
                  ... on Product {
                    reviews {
                      author {
                        reviews(first: $f) {
                          body
                        }
                      }
                    }
                  }
                }
              },
            },
          },
        }
        """,
    )


def test_aliases_keep_their_response_keys() -> None:
    """Aliases are kept in subgraph operations (same response keys as the client's); key fields are added unaliased."""
    assert_plan(
        FEATURE,
        "{ a: me { n: name } b: me { reviews { id } } }",
        """
        QueryPlan {
          Sequence {
            Fetch(service: "accounts") {
              {
                a: me {
                  n: name
                }
                b: me {
                  __typename
                  id
                }
              }
            },
            Flatten(path: "b") {
              Fetch(service: "reviews") {
                {
                  ... on User {
                    __typename
                    id
                  }
                } =>
                {
                  ... on User {
                    reviews {
                      id
                    }
                  }
                }
              },
            },
          },
        }
        """,
    )


def test_named_and_inline_fragments_are_inlined_and_split_by_subgraph() -> None:
    """Named fragments are inlined; their fields go wherever they are served."""
    assert_plan(
        FEATURE,
        """
        query Op { ...F me { ...U } } fragment F on Query { topProducts { name } } fragment U on User { name reviews {
        product { ...P } } } fragment P on Product { upc name inStock }
        """,
        """
        QueryPlan {
          Parallel {
            Fetch(service: "products") {
              {
                topProducts {
                  name
                }
              }
            },
            Sequence {
              Fetch(service: "accounts") {
                {
                  me {
                    __typename
                    id
                    name
                  }
                }
              },
              Flatten(path: "me") {
                Fetch(service: "reviews") {
                  {
                    ... on User {
                      __typename
                      id
                    }
                  } =>
                  {
                    ... on User {
                      reviews {
                        product {
                          __typename
                          upc
                        }
                      }
                    }
                  }
                },
              },
              Flatten(path: "me.reviews.@.product") {
                Fetch(service: "products") {
                  {
                    ... on Product {
                      __typename
                      upc
                    }
                  } =>
                  {
                    ... on Product {
                      sku
                      variant {
                        id
                      }
                      name
                    }
                  }
                },
              },
              Flatten(path: "me.reviews.@.product") {
                Fetch(service: "inventory") {
                  {
                    ... on Product {
                      __typename
                      sku
                      variant {
                        id
                      }
                    }
                  } =>
                  {
                    ... on Product {
                      inStock
                    }
                  }
                },
              },
            },
          },
        }
        """,
    )


def test_typename_is_served_where_the_object_is_and_root_typename_is_not_fetched() -> None:
    """`__typename` never needs a jump; at the root the router answers it without a fetch."""
    assert_plan(
        FEATURE,
        "{ __typename topProducts { __typename name reviews { __typename } } }",
        """
        QueryPlan {
          Sequence {
            Fetch(service: "products") {
              {
                topProducts {
                  __typename
                  upc
                  name
                }
              }
            },
            Flatten(path: "topProducts.@") {
              Fetch(service: "reviews") {
                {
                  ... on Product {
                    __typename
                    upc
                  }
                } =>
                {
                  ... on Product {
                    reviews {
                      __typename
                    }
                  }
                }
              },
            },
          },
        }
        """,
    )
