"""Identity-dataset preprocessing: a talking-head video becomes an ER-NeRF training dataset, offline.

One module per step (normalise, audio features, landmarks, pose, masks, blink), each a function with explicit
inputs, a ``progress(fraction)`` callback and a cancel check, returning a typed result; ``pipeline`` runs them
in order over a working directory. ``docs/trainer.md`` describes the layout and the conventions.
"""
