"""Jupyter server hook (scripts/lab.mjs loads it): a notebook under notebooks/ is saved in its committed form
(no outputs, no execution counts; scripts/nb.py), so running and saving it in JupyterLab leaves git status
clean. Executed copies with their figures are under results/<scale>/notebooks/."""
import copy, os, sys
sys.path.insert(0, os.path.dirname(__file__))
from nb import clean, notebook

def strip_source_notebook(model, path, **kwargs):
    if model.get('type') != 'notebook' or not path.replace('\\', '/').lstrip('/').startswith('notebooks/'):
        return
    if os.path.dirname(path.strip('/')) != 'notebooks':
        return
    from nbformat import from_dict
    model['content'] = from_dict(notebook(clean(copy.deepcopy(model['content']))))
