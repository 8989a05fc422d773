"""Pure wallet rules: the wallet and its ledger entries, who may do what, and the errors. No I/O."""
