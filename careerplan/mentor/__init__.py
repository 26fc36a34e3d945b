"""A mentor's work over many people: plans made from a folder of profiles (the batch, in
worker processes) and the directorate summary drawn from them.
"""
