"""Fed 1 supergraphs (join v0.1 with @join__owner), hand-written as rover printed them before Federation 2."""

from tests.planning.plans import assert_plan

FEATURE = "fed1"


def test_owner_fields_and_extensions_of_a_fed1_supergraph() -> None:
    """Fed 1 (`@core`, join v0.1, `@join__owner`): value types are everywhere, key fields in every
    subgraph with the key."""
    assert_plan(
        FEATURE,
        "{ me { name reviews { body rating { stars } } } }",
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
                      rating {
                        stars
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


def test_fed1_provides() -> None:
    """Fed 1 `@provides` without `@external` markers in the supergraph."""
    assert_plan(
        FEATURE,
        "{ topReviews { author { username name } } }",
        """
        QueryPlan {
          Sequence {
            Fetch(service: "reviews") {
              {
                topReviews {
                  author {
                    __typename
                    id
                    username
                  }
                }
              }
            },
            Flatten(path: "topReviews.@.author") {
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
                  }
                }
              },
            },
          },
        }
        """,
    )
