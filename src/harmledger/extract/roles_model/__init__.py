"""A trained role model: perpetrators, victims, targets and places from the parse.

See docs/ROLE_MODEL.md. ``predict.RoleModel`` scores candidate fillers (``candidates.py``) with
hashed sparse features (``features.py``) and one logistic regression per role, written with
numpy only; ``train.train_roles`` fits it on the dev sets' annotations.
"""
