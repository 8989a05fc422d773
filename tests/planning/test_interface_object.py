"""@interfaceObject: a subgraph that sees an interface as an object type adds fields to every implementation."""

from tests.planning.plans import assert_plan

FEATURE = "interface_object"


def test_fields_of_the_interface_object_are_fetched_with_the_interface_key_and_a_typename_rewrite() -> None:
    assert_plan(
        FEATURE,
        "{ animals { name rating ... on Dog { barks } } }",
        """
        QueryPlan {
          Sequence {
            Fetch(service: "a") {
              {
                animals {
                  __typename
                  id
                  name
                  ... on Dog {
                    barks
                  }
                }
              }
            },
            Flatten(path: "animals.@") {
              Fetch(service: "b") {
                {
                  ... on Animal {
                    __typename
                    id
                  }
                } =>
                {
                  ... on Animal {
                    rating
                  }
                }
              },
            },
          },
        }
        """,
    )


def test_typename_and_concrete_fragments_from_the_interface_object_jump_to_the_real_interface() -> None:
    assert_plan(
        FEATURE,
        "{ featured { __typename rating ... on Cat { lives } } }",
        """
        QueryPlan {
          Sequence {
            Fetch(service: "b") {
              {
                featured {
                  __typename
                  id
                  rating
                }
              }
            },
            Flatten(path: "featured") {
              Fetch(service: "a") {
                {
                  ... on Animal {
                    __typename
                    id
                  }
                } =>
                {
                  ... on Animal {
                    __typename
                    ... on Cat {
                      lives
                    }
                  }
                }
              },
            },
          },
        }
        """,
    )


def test_interface_object_fields_on_concrete_fragments() -> None:
    """Fields an @interfaceObject adds, asked on concrete types: one fetch by the interface's key."""
    assert_plan(
        FEATURE,
        "{ animals { ... on Dog { rating } ... on Cat { lives rating } } }",
        """
        QueryPlan {
          Sequence {
            Fetch(service: "a") {
              {
                animals {
                  __typename
                  ... on Dog {
                    __typename
                    id
                  }
                  ... on Cat {
                    __typename
                    id
                    lives
                  }
                }
              }
            },
            Flatten(path: "animals.@") {
              Fetch(service: "b") {
                {
                  ... on Dog {
                    __typename
                    id
                  }
                  ... on Cat {
                    __typename
                    id
                  }
                } =>
                {
                  ... on Animal {
                    rating
                  }
                }
              },
            },
          },
        }
        """,
    )


def test_fields_of_the_real_interface_from_the_interface_object() -> None:
    """From the @interfaceObject side, interface fields of the other subgraph jump there and fetch the real
    `__typename`."""
    assert_plan(
        FEATURE,
        "{ featured { id name } }",
        """
        QueryPlan {
          Sequence {
            Fetch(service: "b") {
              {
                featured {
                  __typename
                  id
                }
              }
            },
            Flatten(path: "featured") {
              Fetch(service: "a") {
                {
                  ... on Animal {
                    __typename
                    id
                  }
                } =>
                {
                  ... on Animal {
                    __typename
                    name
                  }
                }
              },
            },
          },
        }
        """,
    )
