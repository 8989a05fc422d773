-- One database per service: the subgraphs never share tables.
CREATE DATABASE wallet;
CREATE DATABASE giftcard;
CREATE DATABASE registry;
