"""Scenario files: schema, loader, runner and expectations."""
