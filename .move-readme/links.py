import re, pathlib, sys
root = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else '.')
def slugs(path):
    out, seen, fence = set(), {}, False
    for l in path.read_text().split('\n'):
        if l.startswith('```'): fence = not fence
        if fence: continue
        m = re.match(r'^#{1,6} (.*)', l)
        if m:
            s = re.sub(r'[^\w\- ]', '', m.group(1).lower()).replace(' ', '-')
            n = seen.get(s, 0); seen[s] = n + 1
            out.add(s if n == 0 else f'{s}-{n}')
    return out
files = [root/'README.md'] + sorted((root/'docs').glob('*.md')) + [root/'clients/python/README.md', root/'integration-tests/benchmarks/README.md']
bad = 0
for f in files:
    fence = False
    for i, l in enumerate(f.read_text().split('\n'), 1):
        if l.startswith('```'): fence = not fence
        if fence: continue
        for t in re.findall(r'\]\(([^)\s]+)\)', l):
            if re.match(r'https?:', t): continue
            p, _, a = t.partition('#')
            target = (f.parent / p).resolve() if p else f
            if not target.exists(): print(f'{f}:{i}: missing file {t}'); bad += 1; continue
            if a and (target.suffix != '.md' or a not in slugs(target)): print(f'{f}:{i}: missing anchor {t}'); bad += 1
print('bad', bad)
