"""@provides: external fields provided along a field are read there without a jump."""

from tests.planning.plans import assert_plan

FEATURE = "provides"


def test_provided_fields_are_read_where_they_are_provided() -> None:
    """`@provides(fields: "name address { city }")`: those external fields come with the review, no jump."""
    assert_plan(
        FEATURE,
        "{ reviews { author { name address { city } } } }",
        """
        QueryPlan {
          Fetch(service: "reviews") {
            {
              reviews {
                author {
                  name
                  address {
                    city
                  }
                }
              }
            }
          },
        }
        """,
    )


def test_fields_beyond_the_provided_ones_jump() -> None:
    """A field outside `@provides` (and a sub-field outside it) needs the owning subgraph."""
    assert_plan(
        FEATURE,
        "{ reviews { author { name email address { city street } } } }",
        """
        QueryPlan {
          Sequence {
            Fetch(service: "reviews") {
              {
                reviews {
                  author {
                    __typename
                    id
                    name
                    address {
                      city
                      street
                    }
                  }
                }
              }
            },
            Flatten(path: "reviews.@.author") {
              Fetch(service: "accounts") {
                {
                  ... on User {
                    __typename
                    id
                  }
                } =>
                {
                  ... on User {
                    email
                  }
                }
              },
            },
          },
        }
        """,
    )


def test_provides_applies_only_on_the_providing_field() -> None:
    """The same type reached through another field gets nothing provided."""
    assert_plan(
        FEATURE,
        "{ reviews { editor { name } } }",
        """
        QueryPlan {
          Sequence {
            Fetch(service: "reviews") {
              {
                reviews {
                  editor {
                    __typename
                    id
                  }
                }
              }
            },
            Flatten(path: "reviews.@.editor") {
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
