"""The Federation 2 subgraphs (giftcard, wallet) and the small package they share (`subgraphs.shared`)."""
