"""Mutations: root fields one after another, consecutive ones of one subgraph in one fetch."""

from tests.planning.plans import assert_plan

FEATURE = "entities"


def test_root_fields_run_in_order_and_consecutive_ones_of_one_subgraph_share_a_fetch() -> None:
    """Mutation root fields run one after another; consecutive fields of the same subgraph go in one fetch; each one's
    entity jumps run before the next mutation."""
    assert_plan(
        FEATURE,
        """
        mutation { login(name: "a") { name reviews { body } } logout addReview(upc: "1", body: "x") { id product { name
        } } addProduct(upc: "2", name: "y") { upc } again: addProduct(upc: "3", name: "z") { upc reviews { body } } }
        """,
        """
        QueryPlan {
          Sequence {
            Fetch(service: "accounts") {
              {
                login(name: "a") {
                  __typename
                  id
                  name
                }
                logout
              }
            },
            Flatten(path: "login") {
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
            Fetch(service: "reviews") {
              {
                addReview(upc: "1", body: "x") {
                  id
                  product {
                    __typename
                    upc
                  }
                }
              }
            },
            Flatten(path: "addReview.product") {
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
                  }
                }
              },
            },
            Fetch(service: "products") {
              {
                addProduct(upc: "2", name: "y") {
                  upc
                }
                again: addProduct(upc: "3", name: "z") {
                  __typename
                  upc
                }
              }
            },
            Flatten(path: "again") {
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


def test_mutation_variables_and_operation_name() -> None:
    """A named mutation's fetches are named after it and declare the variables they use."""
    assert_plan(
        FEATURE,
        """
        mutation AddIt($upc: String!, $name: String!) { addProduct(upc: $upc, name: $name) { upc name } }
        """,
        """
        QueryPlan {
          Fetch(service: "products") {
            {
              addProduct(upc: $upc, name: $name) {
                upc
                name
              }
            }
          },
        }
        """,
        operation_name="AddIt",
    )
