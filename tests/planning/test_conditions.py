"""@skip/@include: Condition nodes for variables, literal conditions decided at planning time."""

from tests.planning.plans import assert_plan

FEATURE = "entities"


def test_include_on_a_field_served_elsewhere_wraps_its_fetch_in_include() -> None:
    """`@include(if: $v)` on a field needing its own fetch: the fetch runs under `Include`, without the directive."""
    assert_plan(
        FEATURE,
        "query ($v: Boolean!) { me { name reviews @include(if: $v) { body } } }",
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
            Include(if: $v) {
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
                      }
                    }
                  }
                },
              }
            },
          },
        }
        """,
    )


def test_skip_on_a_root_field_wraps_the_whole_plan_in_skip() -> None:
    """`@skip(if: $v)` on the only root field: nothing runs when it is true."""
    assert_plan(
        FEATURE,
        "query ($v: Boolean!) { me @skip(if: $v) { name reviews { body } } }",
        """
        QueryPlan {
          Skip(if: $v) {
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
                      }
                    }
                  }
                },
              },
            }
          },
        }
        """,
    )


def test_include_on_an_inline_fragment() -> None:
    """A conditional inline fragment behaves like a conditional field."""
    assert_plan(
        FEATURE,
        "query ($v: Boolean!) { me { name ... @include(if: $v) { reviews { body } } } }",
        """
        QueryPlan {
          Sequence {
            Fetch(service: "accounts") {
              {
                me {
                  name
                  ... @include(if: $v) {
                    __typename
                    id
                  }
                }
              }
            },
            Include(if: $v) {
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
                      }
                    }
                  }
                },
              }
            },
          },
        }
        """,
    )


def test_literal_conditions_are_decided_at_planning_time() -> None:
    """`@skip(if: true)` drops the field; `@include(if: true)` disappears."""
    assert_plan(
        FEATURE,
        "{ me { name @skip(if: true) reviews @include(if: true) { body } } }",
        """
        QueryPlan {
          Sequence {
            Fetch(service: "accounts") {
              {
                me {
                  __typename
                  id
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
                    }
                  }
                }
              },
            },
          },
        }
        """,
    )


def test_a_condition_on_a_field_kept_in_the_same_fetch_stays_in_the_operation() -> None:
    """A conditional field fetched with unconditional ones stays in the fetch with its directive; no Condition node."""
    assert_plan(
        FEATURE,
        "query ($v: Boolean!) { me { id name @include(if: $v) } }",
        """
        QueryPlan {
          Fetch(service: "accounts") {
            {
              me {
                id
                name @include(if: $v)
              }
            }
          },
        }
        """,
    )


def test_both_branches_of_one_variable() -> None:
    """Fields under `@include(if: $v)` and `@skip(if: $v)` in separate fetches get one `Include` and one `Skip`."""
    assert_plan(
        FEATURE,
        """
        query ($v: Boolean!) { me { reviews @include(if: $v) { body } } topProducts @skip(if: $v) { name } }
        """,
        """
        QueryPlan {
          Parallel {
            Sequence {
              Fetch(service: "accounts") {
                {
                  me {
                    __typename
                    id
                  }
                }
              },
              Include(if: $v) {
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
                        }
                      }
                    }
                  },
                }
              },
            },
            Skip(if: $v) {
              Fetch(service: "products") {
                {
                  topProducts {
                    name
                  }
                }
              }
            },
          },
        }
        """,
    )
