"""Entities behind unions and interfaces: entity interfaces (`@key` on an interface), members extended elsewhere."""

from tests.planning.plans import assert_plan

FEATURE = "abstract_entities"


def test_union_members_jumping_to_one_subgraph_share_one_fetch() -> None:
    """Two union members extended by the same subgraph: one fetch with one representation shape per type."""
    assert_plan(
        FEATURE,
        "{ feed { ... on Post { text likes } ... on Video { likes views } } }",
        """
        QueryPlan {
          Sequence {
            Fetch(service: "content") {
              {
                feed {
                  __typename
                  ... on Post {
                    __typename
                    id
                    text
                  }
                  ... on Video {
                    __typename
                    id
                  }
                }
              }
            },
            Flatten(path: "feed.@") {
              Fetch(service: "stats") {
                {
                  ... on Post {
                    __typename
                    id
                  }
                  ... on Video {
                    __typename
                    id
                  }
                } =>
                {
                  ... on Post {
                    likes
                  }
                  ... on Video {
                    likes
                    views
                  }
                }
              },
            },
          },
        }
        """,
    )


def test_entity_interface_fields_jump_by_the_interface_key() -> None:
    """`Media` is an entity interface in content and a non-resolvable one in search: interface fields jump by the
    interface's key, and the real `__typename` comes back."""
    assert_plan(
        FEATURE,
        """
        { search(text: "x") { id title ... on Post { likes } } }
        """,
        """
        QueryPlan {
          Sequence {
            Fetch(service: "search") {
              {
                search(text: "x") {
                  __typename
                  id
                  ... on Post {
                    __typename
                    id
                  }
                }
              }
            },
            Parallel {
              Flatten(path: "search.@") {
                Fetch(service: "content") {
                  {
                    ... on Media {
                      __typename
                      id
                    }
                  } =>
                  {
                    ... on Media {
                      __typename
                      title
                    }
                  }
                },
              },
              Flatten(path: "search.@") {
                Fetch(service: "stats") {
                  {
                    ... on Post {
                      __typename
                      id
                    }
                  } =>
                  {
                    ... on Post {
                      likes
                    }
                  }
                },
              },
            },
          },
        }
        """,
    )


def test_conditions_on_fragments_follow_into_entity_fetches() -> None:
    """A conditional fragment's condition is kept on the entity fetch's fragment."""
    assert_plan(
        FEATURE,
        """
        query ($v: Boolean!) { feed { ... on Post @include(if: $v) { likes } ... on Video { views @skip(if: $v) } } }
        """,
        """
        QueryPlan {
          Sequence {
            Fetch(service: "content") {
              {
                feed {
                  __typename
                  ... on Post @include(if: $v) {
                    __typename
                    id
                  }
                  ... on Video {
                    __typename
                    id
                  }
                }
              }
            },
            Flatten(path: "feed.@") {
              Fetch(service: "stats") {
                {
                  ... on Post {
                    __typename
                    id
                  }
                  ... on Video {
                    __typename
                    id
                  }
                } =>
                {
                  ... on Post @include(if: $v) {
                    likes
                  }
                  ... on Video {
                    views @skip(if: $v)
                  }
                }
              },
            },
          },
        }
        """,
    )
