"""Keys that cannot be collected where we stand: several jumps through an intermediate subgraph."""

from tests.planning.plans import assert_plan

FEATURE = "multi_hop"


def test_a_key_unknown_where_we_stand_is_fetched_through_an_intermediate_subgraph() -> None:
    """Subgraph c only knows `Account` by `number`, which a does not have: jump to b by `id` for the `number`, then to
    c."""
    assert_plan(
        FEATURE,
        "{ accounts { plan balance } }",
        """
        QueryPlan {
          Sequence {
            Fetch(service: "a") {
              {
                accounts {
                  __typename
                  id
                  plan
                }
              }
            },
            Flatten(path: "accounts.@") {
              Fetch(service: "b") {
                {
                  ... on Account {
                    __typename
                    id
                  }
                } =>
                {
                  ... on Account {
                    number
                  }
                }
              },
            },
            Flatten(path: "accounts.@") {
              Fetch(service: "c") {
                {
                  ... on Account {
                    __typename
                    number
                  }
                } =>
                {
                  ... on Account {
                    balance
                  }
                }
              },
            },
          },
        }
        """,
    )


def test_the_intermediate_subgraph_also_serves_fields() -> None:
    """Fields of the intermediate subgraph ride along with the key it provides."""
    assert_plan(
        FEATURE,
        "{ accounts { number balance } }",
        """
        QueryPlan {
          Sequence {
            Fetch(service: "a") {
              {
                accounts {
                  __typename
                  id
                }
              }
            },
            Flatten(path: "accounts.@") {
              Fetch(service: "b") {
                {
                  ... on Account {
                    __typename
                    id
                  }
                } =>
                {
                  ... on Account {
                    number
                  }
                }
              },
            },
            Flatten(path: "accounts.@") {
              Fetch(service: "c") {
                {
                  ... on Account {
                    __typename
                    number
                  }
                } =>
                {
                  ... on Account {
                    balance
                  }
                }
              },
            },
          },
        }
        """,
    )
