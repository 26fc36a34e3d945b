"""Reading, checking and writing files: YAML, the catalogue and its cache, profiles, plans,
raters' files and the user's settings. Every file careerplan touches goes through here.
"""
