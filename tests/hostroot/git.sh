# git.sh - git: init, add, commit, log, diff, branch, merge, status.
# requires: git
export GIT_AUTHOR_NAME=T GIT_AUTHOR_EMAIL=t@example.org
export GIT_COMMITTER_NAME=T GIT_COMMITTER_EMAIL=t@example.org
export GIT_AUTHOR_DATE='2020-01-01T00:00:00Z' GIT_COMMITTER_DATE='2020-01-01T00:00:00Z'
export GIT_CONFIG_NOSYSTEM=1
git config --global init.defaultBranch main
git config --global core.pager cat
git init -q repo && cd repo || exit 1
seq 1 10 >a; mkdir d; echo hello >d/b
git add . && git commit -q -m first && echo committed
git log --format='%H %s'
sed -i 's/5/five/' a; git status --short
git diff --stat; git diff | tail -3
git commit -q -am second
git checkout -q -b topic; echo topic >>d/b; git commit -q -am topic
git checkout -q main; echo main >c; git add c; git commit -q -m third
git merge -q --no-edit topic && echo merged
git log --format='%h %s %p' | cat
git ls-files; git cat-file -p HEAD:d/b
git gc -q && git count-objects -v | grep -c packs
git fsck --no-progress 2>&1 | wc -l
git rev-parse HEAD
cd .. && git clone -q repo clone && git -C clone log --oneline | wc -l
