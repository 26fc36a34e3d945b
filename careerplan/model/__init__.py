"""Typed data: the pydantic models and types of the catalogue, a profile and a plan.

Nothing here reads or writes a file; `careerplan.store` does that.
"""
