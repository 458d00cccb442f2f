"""Placement: a report's cells found in grids, by the template's codes (:mod:`.codes`) or by the official
labels (:mod:`.labels`)."""
