#!/usr/bin/env python3
"""Build a tslab notebook (.ipynb, no outputs) from a plain-text source where cells are separated by
lines '# %% [markdown]' or '# %%' (the 'percent' format). Usage: nb.py SRC.ts OUT.ipynb"""
import json, sys

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

src, dst = sys.argv[1], sys.argv[2]
nb = {'cells': [], 'metadata': {'kernelspec': {'name': 'tslab', 'display_name': 'TypeScript (whatwhere)', 'language': 'typescript'},
      'language_info': {'name': 'typescript', 'file_extension': '.ts'}}, 'nbformat': 4, 'nbformat_minor': 5}
for i, (kind, s) in enumerate(cells(open(src).read())):
    lines = s.split('\n')
    cell = {'cell_type': kind, 'id': f'cell-{i:02d}', 'metadata': {}, 'source': [l + '\n' for l in lines[:-1]] + [lines[-1]]}
    if kind == 'code':
        cell.update(outputs=[], execution_count=None)
    nb['cells'].append(cell)
json.dump(nb, open(dst, 'w'), indent=1)
open(dst, 'a').write('\n')
