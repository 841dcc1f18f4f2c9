#!/usr/bin/env python3
"""Notebooks in their committed form: code and markdown cells, no outputs, no execution counts, one fixed
kernelspec (tslab), written as Jupyter writes notebooks (sorted keys, indent 1, UTF-8), so a notebook JupyterLab
saves through scripts/lab_hooks.py is byte for byte the committed one.

  nb.py SRC.ts OUT.ipynb   build OUT from a plain-text source whose cells are separated by lines
                           '# %% [markdown]' or '# %%' (the 'percent' format)
  nb.py --clean            read a notebook on stdin, write its committed form to stdout: the git clean
                           filter (set up by scripts/setup.mjs), so running and saving a notebook in
                           JupyterLab leaves git status clean"""
import json, sys

METADATA = {'kernelspec': {'name': 'tslab', 'display_name': 'TypeScript (whatwhere)', 'language': 'typescript'},
            'language_info': {'name': 'typescript', 'file_extension': '.ts'}}

def cells(text):
    out, kind, buf = [], None, []
    def flush():
        if kind is not None:
            src = '\n'.join(buf).strip('\n')
            if kind == 'markdown':
                src = '\n'.join(l[2:] if l.startswith('# ') else l.lstrip('#') for l in src.split('\n'))
            out.append((kind, src))
    for line in text.split('\n'):
        if line.startswith('# %%'):
            flush()
            kind, buf = ('markdown' if '[markdown]' in line else 'code'), []
        else:
            buf.append(line)
    flush()
    return out

def cell(kind, src, cell_id):
    c = {'cell_type': kind, 'id': cell_id, 'metadata': {}, 'source': src.splitlines(True)}
    if kind == 'code':
        c.update(outputs=[], execution_count=None)
    return c

def notebook(nb_cells):
    return {'cells': nb_cells, 'metadata': METADATA, 'nbformat': 4, 'nbformat_minor': 5}

def write(nb_cells, out):
    out.write(json.dumps(notebook(nb_cells), sort_keys=True, indent=1, ensure_ascii=False) + '\n')

def clean(nb):
    def source(c):
        s = c.get('source', '')
        return ''.join(s) if isinstance(s, list) else s
    return [cell(c['cell_type'], source(c), c.get('id') or f'cell-{i:02d}') for i, c in enumerate(nb['cells'])]

if __name__ == '__main__':
    if sys.argv[1:] == ['--clean']:
        sys.stdin.reconfigure(encoding='utf-8')
        sys.stdout.reconfigure(encoding='utf-8')
        write(clean(json.load(sys.stdin)), sys.stdout)
    elif len(sys.argv) == 3:
        with open(sys.argv[1], encoding='utf-8') as f:
            built = [cell(kind, s, f'cell-{i:02d}') for i, (kind, s) in enumerate(cells(f.read()))]
        with open(sys.argv[2], 'w', encoding='utf-8') as out:
            write(built, out)
    else:
        sys.exit('usage: nb.py SRC.ts OUT.ipynb | nb.py --clean < IN.ipynb > OUT.ipynb')
