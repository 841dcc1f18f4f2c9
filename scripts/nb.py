#!/usr/bin/env python3
"""Notebooks in their committed form: code and markdown cells, no outputs, no execution counts, one fixed
kernelspec (tslab), written as Jupyter writes notebooks (sorted keys, indent 1, UTF-8), so a notebook JupyterLab
saves through scripts/lab_hooks.py is byte for byte the committed one.

  nb.py SRC.ts OUT.ipynb   build OUT from a plain-text source whose cells are separated by lines
                           '# %% [markdown]' or '# %%' (the 'percent' format)
  nb.py --all              rebuild every notebooks/NAME.ipynb from notebooks/src/NAME.ts (npm run notebooks);
                           only changed notebooks are rewritten, and a notebook with no source is an error
  nb.py --clean            read a notebook on stdin, write its committed form to stdout: the git clean
                           filter (set up by scripts/setup.mjs), so running and saving a notebook in
                           JupyterLab leaves git status clean"""
import io, json, os, sys

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

def build(src):
    """The committed notebook text of the percent-format source file `src`."""
    with open(src, encoding='utf-8') as f:
        built = [cell(kind, s, f'cell-{i:02d}') for i, (kind, s) in enumerate(cells(f.read()))]
    out = io.StringIO()
    write(built, out)
    return out.getvalue()

def build_all(root):
    """Rebuilds notebooks/*.ipynb under `root` from notebooks/src/*.ts; returns the notebooks with no source."""
    nb_dir, src_dir = os.path.join(root, 'notebooks'), os.path.join(root, 'notebooks', 'src')
    names = sorted(f[:-3] for f in os.listdir(src_dir) if f.endswith('.ts'))
    for name in names:
        target, text = os.path.join(nb_dir, name + '.ipynb'), build(os.path.join(src_dir, name + '.ts'))
        old = open(target, encoding='utf-8').read() if os.path.exists(target) else None
        if old != text:
            with open(target, 'w', encoding='utf-8') as out:
                out.write(text)
            print(f'[notebooks] wrote notebooks/{name}.ipynb')
    return sorted(f for f in os.listdir(nb_dir) if f.endswith('.ipynb') and f[:-6] not in names)

if __name__ == '__main__':
    if sys.argv[1:] == ['--all']:
        orphans = build_all(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
        if orphans:
            sys.exit(f'[notebooks] no source in notebooks/src/ for: {", ".join(orphans)} (add one or delete the notebook)')
    elif sys.argv[1:] == ['--clean']:
        sys.stdin.reconfigure(encoding='utf-8')
        sys.stdout.reconfigure(encoding='utf-8')
        write(clean(json.load(sys.stdin)), sys.stdout)
    elif len(sys.argv) == 3:
        text = build(sys.argv[1])
        with open(sys.argv[2], 'w', encoding='utf-8') as out:
            out.write(text)
    else:
        sys.exit('usage: nb.py SRC.ts OUT.ipynb | nb.py --all | nb.py --clean < IN.ipynb > OUT.ipynb')
