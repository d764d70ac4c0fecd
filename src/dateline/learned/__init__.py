"""Components learned from the team's annotated corpus (``eval/corpus``), shipped as data files.

``triggers``: which word of a sentence signals which PLOVER event, an averaged perceptron over
parse features, trained by ``scripts/train_triggers.py`` (``make train``) on the corpus's train
split and shipped as ``data/models/triggers.json``.
"""
