"""careerplan: a career development planner for senior medical leaders in mental health."""

__version__ = "0.1.0"
