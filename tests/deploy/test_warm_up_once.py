"""jieba's dictionary and OpenCC's tables are loaded once, by gunicorn's
master (``preload_app``, ``on_starting``) before it forks, and never again
when a worker segments, converts or searches: nothing a request does may
build them."""
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

CHECK = """
import importlib.util, os, sys
os.environ['DJANGO_SETTINGS_MODULE'] = 'portal.settings.production'
spec = importlib.util.spec_from_file_location('gunicorn_conf', 'deploy/gunicorn.conf.py')
conf = importlib.util.module_from_spec(spec); spec.loader.exec_module(conf)
assert conf.preload_app is True
import django; django.setup()
import jieba, opencc
assert not jieba.dt.initialized
built = []
real_opencc = opencc.OpenCC.__init__
def counting(self, *args, **kwargs):
    built.append(args)
    return real_opencc(self, *args, **kwargs)
opencc.OpenCC.__init__ = counting
class Log:
    def info(self, *args): pass
class Server:
    log = Log()
conf.on_starting(Server())
assert jieba.dt.initialized
at_start = len(built)
def refuse(*args, **kwargs):
    raise AssertionError('jieba dictionary loaded after the start')
jieba.dt.gen_pfdict = refuse
jieba.dt.initialize = refuse
from policies import segment
from policies.search.text import index_text, query_terms
from policies.search.snippets import excerpt
segment.words('质量管理体系的内部审核每年进行一次')
index_text('售後服務與培訓計劃')
terms = query_terms('培訓計劃 工程师')
excerpt('各部门按培训计划组织摸底考试。', terms)
print('ok', at_start, len(built))
"""


def test_gunicorn_master_loads_jieba_and_opencc_once_and_workers_never_again():
    env = {**os.environ, "DJANGO_SECRET_KEY": "x" * 50}
    out = subprocess.run([sys.executable, "-c", CHECK], check=False, cwd=ROOT, capture_output=True, text=True,
                         env=env)
    last = (out.stdout.splitlines() or [""])[-1].split()
    assert last[:1] == ["ok"], out.stderr[-3000:]
    # OpenCC built at import (policies.segment, during the warm-up), not after it.
    assert last[1] == last[2], out.stdout
