"""@shareable: stay where we are, prefer subgraphs already queried, split a shareable field across subgraphs."""

from tests.planning.plans import assert_plan

FEATURE = "shareable"


def test_shareable_root_prefers_the_subgraph_that_serves_everything() -> None:
    """A shareable root field goes to the subgraph that serves its whole selection."""
    assert_plan(
        FEATURE,
        "{ catalog { title sections } }",
        """
        QueryPlan {
          Fetch(service: "b") {
            {
              catalog {
                title
                sections
              }
            }
          },
        }
        """,
    )


def test_shareable_root_prefers_a_subgraph_already_queried() -> None:
    """Between equal choices, a subgraph that other root fields already need."""
    assert_plan(
        FEATURE,
        "{ onlyB catalog { title featured { name } } }",
        """
        QueryPlan {
          Fetch(service: "b") {
            {
              onlyB
              catalog {
                title
                featured {
                  name
                }
              }
            }
          },
        }
        """,
    )


def test_shareable_value_type_is_split_across_subgraphs_in_parallel() -> None:
    """No subgraph serves all of a shareable root field, but each part is served without a jump: both are asked in
    parallel."""
    assert_plan(
        FEATURE,
        "{ catalog { sections featured { price } } }",
        """
        QueryPlan {
          Parallel {
            Fetch(service: "b") {
              {
                catalog {
                  sections
                }
              }
            },
            Fetch(service: "a") {
              {
                catalog {
                  featured {
                    price
                  }
                }
              }
            },
          },
        }
        """,
    )


def test_nested_shareable_fields_are_split_too() -> None:
    """The split goes down through shareable value types and entities alike."""
    assert_plan(
        FEATURE,
        "{ catalog { featured { name price stock } } }",
        """
        QueryPlan {
          Parallel {
            Fetch(service: "a") {
              {
                catalog {
                  featured {
                    name
                    price
                  }
                }
              }
            },
            Fetch(service: "b") {
              {
                catalog {
                  featured {
                    stock
                  }
                }
              }
            },
          },
        }
        """,
    )


def test_shareable_fields_stay_in_the_current_subgraph() -> None:
    """A shareable field of an entity is read where we already are."""
    assert_plan(
        FEATURE,
        "{ onlyA catalog { featured { name price } } }",
        """
        QueryPlan {
          Fetch(service: "a") {
            {
              onlyA
              catalog {
                featured {
                  name
                  price
                }
              }
            }
          },
        }
        """,
    )
