"""Renderers of a run result: JSON report, text timeline and JUnit XML."""
