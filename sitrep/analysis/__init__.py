"""Analysis over the stored corpus: merging reports into events, control over time, claims."""
