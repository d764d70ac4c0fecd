"""Components learned from the team's annotated corpus (``eval/corpus``), shipped as data files.

``triggers``: which word of a sentence signals which PLOVER event, an averaged perceptron over
parse features, trained by ``scripts/train_triggers.py`` (``make train``) on the corpus's train
split and shipped as ``data/models/triggers.json.gz``.

``arguments``: which actor around a coded event's trigger is its source and which its target, a
ranking perceptron over the candidates the resolver gives, trained by
``scripts/train_arguments.py`` and shipped as ``data/models/arguments.json.gz``.

``detection``: which triggers the rules drop for a missing side (and which words only the typer
knows) are real events once a chooser fills their sides, a logistic regression trained by
``scripts/train_detection.py`` and shipped as ``data/models/detection.json.gz``.
"""
