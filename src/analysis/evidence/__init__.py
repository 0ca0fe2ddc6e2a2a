"""Evidence: synthesis (cost per additional re-employment, deadweight, power) and cross-place analysis."""
