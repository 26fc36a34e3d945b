"""The review cycle: progress on a plan, carrying it forward to the next year, comparing
two plans, and the review's prompts (behind the same UI protocol as `assess`).
"""
