# sqlite.sh - the sqlite3 shell on a file database: schema, transactions,
# joins, concurrent readers and writers (POSIX record locks).
# requires: sqlite3
sqlite3 t.db <<'SQL'
create table p (id integer primary key, name text);
create table o (id integer primary key, pid integer, amount real);
begin;
insert into p (name) values ('ann'), ('bob'), ('cy');
insert into o (pid, amount) values (1, 10.5), (1, 2), (2, 7), (3, 1.25);
commit;
select p.name, count(*), sum(o.amount) from p join o on o.pid = p.id
	group by p.id order by p.name;
SQL
echo "exit $?"
sqlite3 t.db 'pragma journal_mode=wal; create index i on o(pid);'
for i in 1 2 3 4; do
	sqlite3 -cmd '.timeout 5000' t.db "insert into o (pid, amount) values ($i, $i);" &
done
wait
sqlite3 t.db 'select count(*), sum(amount) from o; pragma integrity_check;'
sqlite3 -csv -header t.db 'select * from p order by id'
sqlite3 t.db 'select nosuchcol from p' 2>/dev/null; echo "error exit $?"
sqlite3 t.db '.tables' '.schema p'
