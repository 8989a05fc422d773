"""Interfaces and unions that differ per subgraph: types only some subgraphs know, __typename, fragments."""

from tests.planning.plans import assert_plan

FEATURE = "abstract"


def test_union_members_known_only_elsewhere_are_jumped_to() -> None:
    """A union member's fields from another subgraph: the fragment keeps its key, the other subgraph adds the rest."""
    assert_plan(
        FEATURE,
        "{ search { __typename ... on Book { title pages } ... on Author { name } } }",
        """
        QueryPlan {
          Sequence {
            Fetch(service: "a") {
              {
                search {
                  __typename
                  ... on Book {
                    __typename
                    id
                    title
                  }
                  ... on Author {
                    name
                  }
                }
              }
            },
            Flatten(path: "search.@") {
              Fetch(service: "b") {
                {
                  ... on Book {
                    __typename
                    id
                  }
                } =>
                {
                  ... on Book {
                    pages
                  }
                }
              },
            },
          },
        }
        """,
    )


def test_fragments_on_types_the_subgraph_never_returns_are_dropped() -> None:
    """`Result` in subgraph b has no `Author`: a fragment on it would never match, so it is not sent."""
    assert_plan(
        FEATURE,
        """
        { featured { ... on Book { title pages } ... on Author { name } ... on Magazine { issue } } }
        """,
        """
        QueryPlan {
          Sequence {
            Fetch(service: "b") {
              {
                featured {
                  __typename
                  ... on Book {
                    __typename
                    id
                    pages
                  }
                  ... on Magazine {
                    issue
                  }
                }
              }
            },
            Flatten(path: "featured.@") {
              Fetch(service: "a") {
                {
                  ... on Book {
                    __typename
                    id
                  }
                } =>
                {
                  ... on Book {
                    title
                  }
                }
              },
            },
          },
        }
        """,
    )


def test_interface_fields_stay_on_the_interface_when_every_implementation_agrees() -> None:
    """`id` is resolved on the interface; a type-specific field from elsewhere jumps per type."""
    assert_plan(
        FEATURE,
        "{ nodes { id ... on Book { pages } } }",
        """
        QueryPlan {
          Sequence {
            Fetch(service: "a") {
              {
                nodes {
                  __typename
                  id
                  ... on Book {
                    __typename
                    id
                  }
                }
              }
            },
            Flatten(path: "nodes.@") {
              Fetch(service: "b") {
                {
                  ... on Book {
                    __typename
                    id
                  }
                } =>
                {
                  ... on Book {
                    pages
                  }
                }
              },
            },
          },
        }
        """,
    )


def test_interface_fragment_inside_a_union() -> None:
    """An interface fragment inside a union keeps its own type condition."""
    assert_plan(
        FEATURE,
        "{ featured { ... on Node { id } } }",
        """
        QueryPlan {
          Fetch(service: "b") {
            {
              featured {
                __typename
                ... on Node {
                  id
                }
              }
            }
          },
        }
        """,
    )
