// Generated from screens/ by `bash .dev/copy-screens`; do not edit.
public enum BuiltInScreens {
    public static let files: [(file: String, yaml: String)] = [
        ("screens/010-welcome.yaml", #"""
id: welcome
title: Welcome
host: local
text: |
  This wizard turns a second machine into a hot
  standby: a read-only copy of your primary
  PostgreSQL server that follows every change over
  the network, ready to take over if the primary is
  lost.

  It handles PostgreSQL 9.5 up to 18. You give the
  version once, and every later step uses the names
  and files that version expects.

  Each step says on which host it acts and shows what
  it will run before it runs it. Nothing is deleted.
help: |
  Before you start, make sure that:

  - both hosts run the same PostgreSQL major version,
    on the same CPU architecture and, ideally, the same
    operating system release;
  - the standby host can reach the primary's PostgreSQL
    port (check firewalls and cloud security groups);
  - the standby host has at least as much free disk
    space as the primary's data directory uses, plus
    room for the old copy that is set aside;
  - you may restart the primary once: some settings
    are only read when the server starts.

  The steps follow the classic streaming-replication
  recipe: a replication role and a pg_hba.conf rule on
  the primary, a full copy taken with pg_basebackup,
  and standby settings on the copy.

"""#),
        ("screens/020-primary-host.yaml", #"""
id: primary-host
title: The primary host
host: local
text: |
  The server that holds your data today. Give an
  address the standby can reach, and the major
  version actually running on it. F1 explains more.
action:
  form:
    fields: [PRIMARY_PG_IP, PRIMARY_PG_PORT, PRIMARY_PG_VERSION, PRIMARY_PG_CLUSTER, PRIMARY_SSH]
help: |
  Describe the server that already holds your data:
  the primary.

  Give an address the standby host can reach; the
  standby connects to it first to copy the data and
  then to follow every change.

  The major version decides which setting names and
  files later steps use, so give the one actually
  running (psql -c 'SHOW server_version' tells).

  The cluster is a Debian name such as main, or the
  absolute path of the data directory elsewhere.

  Debian and Ubuntu keep each cluster's configuration
  under /etc/postgresql/VERSION/CLUSTER; pg_lsclusters
  lists the clusters with their port and data
  directory. Red Hat style packages and source builds
  keep postgresql.conf inside the data directory
  itself: give that directory's absolute path.

  Prefer an IP address to a host name. pg_hba.conf and
  the standby's connection settings then mean exactly
  one machine, and no name lookup can get in the way.

  "Primary via ssh" is local when the wizard runs on
  the primary itself. Otherwise give how ssh reaches
  it: root@db1, or ssh://admin@db1:2222, or a Host of
  your ~/.ssh/config. The primary's steps then run
  there, over one shared connection. The address
  above stays the one PostgreSQL uses.

"""#),
        ("screens/030-secondary-host.yaml", #"""
id: secondary-host
title: The standby host
host: local
text: |
  The machine that will become the standby. Its
  major version must equal the primary's. F1 says
  why, and what else should match.
action:
  form:
    fields: [SECONDARY_PG_IP, SECONDARY_PG_PORT, SECONDARY_PG_VERSION, SECONDARY_PG_CLUSTER, SECONDARY_SSH]
help: |
  Now the machine that will become the standby.

  Its major version must equal the primary's. The
  standby replays the primary's data files block for
  block; another major version cannot read them.

  The CPU architecture and operating system release
  should match as well. A different C library may
  sort text in another order and quietly corrupt the
  indexes of the copy.

  The primary admits only the address given here, so
  give the one this host connects from.

  The address goes into the primary's pg_hba.conf as a
  single-host rule. If the standby reaches the primary
  over IPv6, give its IPv6 address: a rule written for
  an IPv4 address never matches an IPv6 connection.

  The standby's data directory is replaced by the copy
  in a later step; anything it holds now is set aside,
  not deleted.

  "Standby via ssh" is local when the wizard runs on
  the standby's host. Otherwise give how ssh reaches
  it, such as root@db2; its steps then run there.

"""#),
        ("screens/040-replication.yaml", #"""
id: replication-account
title: Replication account
host: local
text: |
  The role the standby logs in with, its password
  (typed twice, masked), the primary's WAL archive
  directory, and whether the checkpoint the copy
  starts with is written at full speed (fast) or
  paced like a regular one (spread). F1 explains each.
action:
  form:
    fields: [REP_USER, REP_USER_PW, REP_ARCHIVE, BASEBACKUP_CHECKPOINT]
help: |
  The standby logs in to the primary with a role of
  its own that may replicate and nothing else. Pick
  its name and password.

  The password is typed twice and masked. Tools get
  it through their own password prompt, so it never
  shows on a command line or in the wizard's log. On
  disk it is kept only in a password file that only
  the postgres user can read.

  The archive directory on the primary receives a
  copy of each finished WAL file.

  WAL (write-ahead log) is PostgreSQL's journal of
  every change. The standby follows the primary by
  replaying it.

  Choose an archive path on a disk with plenty of room,
  ideally not the one that holds the data directory.
  Nothing removes old files from the archive: it grows
  with every write on the primary until you prune it or
  hand it to a backup tool.

"""#),
        ("screens/045-wal-retention.yaml", #"""
id: wal-retention
title: How WAL is kept
host: local
text: |
  A standby that falls behind, or is stopped for a
  while, catches up from WAL the primary still has.
  Choose how the primary keeps it:

  slot     a replication slot keeps exactly what
           this standby lacks; from 13 on with a cap,
           so a lost standby cannot fill the disk
  keep     a fixed reserve of recent WAL, as the
           source procedure does; after a longer
           outage the standby must be rebuilt
  archive  keep, and the standby also reads old WAL
           back from the archive, which it must reach
           at the same path (shared storage)
action:
  form:
    fields: [WAL_RETENTION]
help: |
  Whatever you choose, the primary copies every
  finished WAL file into $REP_ARCHIVE and nothing
  removes them: the archive grows until its disk is
  full.

  With archive, the standby prunes it: it runs
  pg_archivecleanup as its archive_cleanup_command,
  which removes what no restart would need. With slot
  or keep, prune it yourself, for instance with a
  daily cron job on the primary that deletes files
  older than a week:

    find $REP_ARCHIVE -type f -mtime +7 -delete

  or let a backup tool with a retention policy take
  the archive over.

  A slot without a cap (before 13) keeps WAL for a
  standby that never returns until the primary's disk
  is full: drop the slot when you retire the standby.

"""#),
        ("screens/090-preflight.yaml", #"""
id: preflight
title: Check before change
host: local
when:
  hosts: both
  mode: [full, lab]
text: |
  Nothing has changed yet. First the wizard looks for
  what would make a later step fail:

  same-major        the primary runs the answered
                    major, on the standby's architecture
  wal-senders       two WAL senders free for the copy
  standby-settings  max_connections and the like on
                    the standby at least the primary's
  free-space        room on the standby for the copy
  tablespaces       their locations free there
  archive-writable  the archive writable for postgres
  standby-port      the standby's port free but for
                    its own old server
action:
  verify:
    checks: [same-major, wal-senders, standby-settings, free-space, tablespaces, archive-writable, standby-port]
help: |
  Each check says what it found; one that fails says
  what to do about it. Fix it, then r checks again.

  A standby whose max_connections, max_worker_processes,
  max_wal_senders, max_prepared_transactions or
  max_locks_per_transaction is lower than the primary's
  refuses to start (up to PostgreSQL 13) or pauses its
  replay (14 on).

  The copy needs about the size of all the primary's
  databases and its WAL, plus a tenth, on the standby.

  The replication login is tested later, once the role
  and the pg_hba.conf rule exist.

"""#),
        ("screens/100-primary-role.yaml", #"""
id: primary-role
title: Create the role
host: primary
when:
  mode: [full, lab]
text: |
  Creates the role $REP_USER on the primary. It gets
  the REPLICATION attribute, which allows streaming
  changes, and a limit of 5 connections: one for the
  running standby, two while the copy is taken, and
  some to spare. createuser asks for the password
  twice; the wizard answers both prompts.

  The wizard looks for the role first: one that exists
  is left as it is, password and all (another standby
  may use it), and createuser does not run. The login
  test on the standby shows whether your password is
  its password.

  Without this role the standby cannot log in.
action:
  command:
    as: postgres
    guard: replication-role-absent
    run: $PRIMARY_PG_BINDIR/createuser -p $PRIMARY_PG_PORT -U postgres --replication -c 5 -P $REP_USER
help: |
  The role is deliberately not a superuser: it can
  read the whole cluster through replication, and that
  is all it needs.

  To give an existing role a new password, use psql's
  \password $REP_USER on the primary (it asks, so the
  password stays out of the shell history). Every
  standby that logs in with the role then needs the
  new password too.

  An existing role without REPLICATION is refused at
  the login test; ALTER ROLE ... REPLICATION fixes it.

"""#),
        ("screens/110-primary-archive-dir.yaml", #"""
id: primary-archive-dir
title: Make the WAL archive
host: primary
when:
  mode: [full, lab]
text: |
  Creates $REP_ARCHIVE on the primary and gives it
  to the postgres user, who alone may read it. From
  the next restart on, the server copies each
  finished WAL file into it.

  The archive keeps a complete record of changes,
  useful for recovery and for finding out what
  happened.

  If the directory is missing or postgres cannot
  write to it, archiving fails, and the primary then
  keeps every WAL file in its data directory until
  that disk is full.
action:
  command:
    run: mkdir -p $REP_ARCHIVE && chown $SERVER_OS_USER $REP_ARCHIVE && chmod 700 $REP_ARCHIVE
help: |
  Nothing removes old files from the archive: it grows
  with every write on the primary. Plan its upkeep
  now: watch its size, and prune it
  (pg_archivecleanup) or let a backup tool with a
  retention policy take it over.

  When archiving fails, the server logs "archive
  command failed" and keeps retrying; the view
  pg_stat_archiver counts the failures.

"""#),
        ("screens/120-primary-hba.yaml", #"""
id: primary-hba
title: Admit the standby
host: primary
when:
  mode: [full, lab]
text: |
  Adds one rule to the primary's pg_hba.conf, the
  file that decides who may connect and how they
  prove who they are. It admits only $REP_USER, only
  from $SECONDARY_HBA_ADDRESS, only for replication,
  with $HBA_AUTH_METHOD password checking.

  Replication logins match only rules whose database
  column is the keyword replication; a rule for all
  databases does not cover them. Without this rule
  the standby is turned away with "no pg_hba.conf
  entry for replication connection".
action:
  edit:
    file: pg_hba.conf
    rules:
      - {type: host, database: replication, user: $REP_USER, address: $SECONDARY_HBA_ADDRESS, method: $HBA_AUTH_METHOD}
help: |
  Rules are read from the top and the first one that
  matches decides. If an earlier rule (a reject, or one
  with another method) matches the standby's address,
  this rule is never consulted: check the order in the
  preview.

  The method follows the version: md5 accepts both
  password hash formats, while scram-sha-256, the
  default hashing from 14 on, is stronger and expects
  a SCRAM hash.

  pg_hba.conf is reread on reload; the restart a few
  steps on takes care of it.

"""#),
        ("screens/130-primary-settings.yaml", #"""
id: primary-settings
title: Turn on replication
host: primary
when:
  mode: [full, lab]
text: |
  Sets five things in the primary's postgresql.conf:

  listen_addresses   listen on every interface, or
                     keep a list already set and
                     add $PRIMARY_PG_IP if missing
  wal_level          write enough detail into the
                     WAL for a standby ($WAL_LEVEL)
  archive_mode,      copy each finished WAL file
  archive_command    into the archive directory
  max_wal_senders    how many replication
                     connections may run at once

  None of it takes effect before the restart.
action:
  edit:
    file: postgresql.conf
    settings:
      listen_addresses: "*"
      wal_level: $WAL_LEVEL
      archive_mode: "on"
      archive_command: $ARCHIVE_COMMAND
      max_wal_senders: $MAX_WAL_SENDERS
help: |
  listen_addresses = '*' opens the port on all
  interfaces; pg_hba.conf still decides who gets in.
  Where postgresql.conf already lists addresses, such
  as 'localhost,10.0.0.5', the list stays and only
  $PRIMARY_PG_IP is added when nothing in it covers
  that address ('*', 0.0.0.0 and :: do).

  max_wal_senders is $MAX_WAL_SENDERS here. Every
  standby uses one sender and a base backup two. From
  12 on a standby refuses to run with a lower value
  than its primary, so raise both together later.

  The archive command is: $ARCHIVE_COMMAND

"""#),
        ("screens/140-primary-wal-keep-segments.yaml", #"""
id: primary-wal-keep-segments
title: Keep WAL for standby
host: primary
when:
  version: "9.5-12"
  mode: [full, lab]
  answers: {WAL_RETENTION: [keep, archive]}
text: |
  Tells the primary to keep a reserve of recent WAL,
  64 files (16 MB each unless built otherwise), even
  when it no longer needs them ($WAL_KEEP_SETTING).

  A standby that was off or fell behind for a while
  catches up from this reserve. Without it the
  primary may already have recycled the files the
  standby asks for; the standby then stops with
  "requested WAL segment has already been removed"
  and must be rebuilt from scratch.
action:
  edit:
    file: postgresql.conf
    settings:
      wal_keep_segments: "64"
help: |
  The reserve costs the same amount of disk space on
  the primary. Raise it if the standby may be down for
  longer, or if the primary writes a lot.

  A replication slot is the alternative: it keeps
  exactly what the standby still needs, but keeps it
  forever if the standby disappears, until the
  primary's disk is full.

"""#),
        ("screens/141-primary-wal-keep-size.yaml", #"""
id: primary-wal-keep-size
title: Keep WAL for standby
host: primary
when:
  version: ">=13"
  mode: [full, lab]
  answers: {WAL_RETENTION: [keep, archive]}
text: |
  Tells the primary to keep a reserve of recent WAL,
  1 GB of it, even when it no longer needs it itself
  ($WAL_KEEP_SETTING).

  A standby that was off or fell behind for a while
  catches up from this reserve. Without it the
  primary may already have recycled the files the
  standby asks for; the standby then stops with
  "requested WAL segment has already been removed"
  and must be rebuilt from scratch.
action:
  edit:
    file: postgresql.conf
    settings:
      wal_keep_size: 1GB
help: |
  The reserve costs the same amount of disk space on
  the primary. Raise it if the standby may be down for
  longer, or if the primary writes a lot.

  A replication slot is the alternative: it keeps
  exactly what the standby still needs, but keeps it
  forever if the standby disappears. If you add one
  later, cap it with max_slot_wal_keep_size.

"""#),
        ("screens/142-primary-slot-settings.yaml", #"""
id: primary-slot-settings
title: Allow a slot
host: primary
when:
  version: "9.5-12"
  mode: [full, lab]
  answers: {WAL_RETENTION: slot}
text: |
  Lets the primary hold replication slots
  (max_replication_slots = 10, the default from 10 on;
  9.5 and 9.6 allow none unless told).

  A slot remembers how far its standby has got, and
  the primary keeps every WAL file from there on. The
  slot itself is made after the restart.

  This version cannot cap what a slot keeps: if the
  standby is gone for good, drop its slot, or the
  primary's disk fills up.
action:
  edit:
    file: postgresql.conf
    settings:
      max_replication_slots: "10"
help: |
  A higher value already in the file is kept.

  pg_replication_slots lists the slots; restart_lsn
  shows how far back each one holds WAL.

"""#),
        ("screens/143-primary-slot-limit.yaml", #"""
id: primary-slot-limit
title: Allow a slot
host: primary
when:
  version: ">=13"
  mode: [full, lab]
  answers: {WAL_RETENTION: slot}
text: |
  Lets the primary hold replication slots and caps
  what one may keep:

  max_replication_slots    10 slots at most
  max_slot_wal_keep_size   10GB of WAL per slot

  A slot remembers how far its standby has got, and
  the primary keeps every WAL file from there on, up
  to the cap. A standby that falls further behind
  loses its slot's reserve and must be rebuilt, but
  the primary's disk is safe.
action:
  edit:
    file: postgresql.conf
    settings:
      max_replication_slots: "10"
      max_slot_wal_keep_size: 10GB
help: |
  Give the cap room: the WAL the primary writes while
  the standby may be down, plus a margin, and no more
  than the free space of the primary's WAL disk.

  pg_replication_slots shows wal_status: "lost" means
  the cap was reached and the standby needs a rebuild.

"""#),
        ("screens/150-primary-restart.yaml", #"""
id: primary-restart
title: Restart the primary
host: primary
when:
  mode: [full, lab]
text: |
  Restarts PostgreSQL on the primary so the new
  settings apply. listen_addresses, wal_level,
  archive_mode and max_wal_senders are read only when
  the server starts; a reload is not enough.

  Open sessions are cut off and clients reconnect.
  It takes seconds; on a busy database pick a quiet
  moment.

  When no such value is pending (a rerun, say), the
  server is only reloaded, and the step says so.

  If the server does not come back, its log tells
  why: $PRIMARY_PG_LOG
action:
  command:
    service: restart
help: |
  Typical reasons a restart fails after these edits:

  - a typing error in postgresql.conf: the log names
    the file and line;
  - the port is taken by another cluster;
  - a value the version does not know, for instance a
    setting copied from an older recipe.

  Archiving problems do not stop the server; they
  appear later as "archive command failed" lines.

"""#),
        ("screens/160-primary-ready.yaml", #"""
id: primary-ready
title: Wait for the primary
host: primary
when:
  mode: [full, lab]
text: |
  Watches the primary's log until the server reports
  that it accepts connections again.

  Going on before that would point the standby at a
  server that is still starting, and the copy would
  fail to connect.

  If no such line appears in time, look in the log
  for the first FATAL or PANIC line: it names the
  setting or file at fault. The log is
  $PRIMARY_PG_LOG
action:
  gate:
    expect: [accepting-connections]
    timeout: 120

"""#),
        ("screens/165-primary-slot.yaml", #"""
id: primary-slot
title: Create the slot
host: primary
when:
  mode: [full, lab]
  answers: {WAL_RETENTION: slot}
text: |
  Creates the physical replication slot
  $REPLICATION_SLOT on the primary, named after the
  standby's address. From 9.6 on it holds WAL from
  now, so none is recycled between the copy and the
  standby's first connection. On 9.5 it holds none
  until then: WAL recycled after the copy and before
  that connection is only in the archive.

  A slot of that name that exists already is left as
  it is.
action:
  command:
    as: postgres
    run: >-
      if $PRIMARY_PG_BINDIR/psql --no-psqlrc -p $PRIMARY_PG_PORT -U postgres -d postgres -tAc
      "SELECT 1 FROM pg_replication_slots WHERE slot_name = '$REPLICATION_SLOT'" | grep -q 1;
      then echo "slot $REPLICATION_SLOT exists: left unchanged";
      else $PRIMARY_PG_BINDIR/psql --no-psqlrc -p $PRIMARY_PG_PORT -U postgres -d postgres
      -c $CREATE_SLOT_SQL; fi
help: |
  To retire a standby for good, drop its slot on the
  primary, or it keeps WAL for nobody, with
  SELECT pg_drop_replication_slot('$REPLICATION_SLOT');

"""#),
        ("screens/195-secondary-install.yaml", #"""
id: secondary-install
title: Install PostgreSQL
host: secondary
when:
  mode: [full, lab]
  layout: debian
text: |
  Installs the PostgreSQL server of major version
  $SECONDARY_PG_VERSION on the standby host with
  apt-get (package postgresql-$SECONDARY_PG_VERSION).
  The wizard looks for the server first: when it is
  there already, apt-get does not run and nothing
  changes.

  The source procedure starts here too. A standby
  needs exactly the primary's major version: its data
  files are the primary's, byte for byte.

  The package creates and starts a cluster named main;
  the next steps stop it and set it aside.
action:
  command:
    guard: standby-server-absent
    run: apt-get install -y postgresql-$SECONDARY_PG_VERSION
help: |
  If apt-get finds no such package, this release of
  the distribution does not ship that major version.
  The PostgreSQL project's own repository
  (apt.postgresql.org) has every supported one; add
  it, then retry this step.

  Red Hat style hosts install postgresqlNN-server from
  the project's yum repository and run its setup
  script instead; do that by hand and skip this step.

"""#),
        ("screens/200-secondary-software.yaml", #"""
id: secondary-software
title: Check the software
host: secondary
when:
  mode: [full, lab]
text: |
  Asks the PostgreSQL programs on the standby host
  for their version and checks it is the primary's
  major version, $PRIMARY_PG_VERSION. It also names
  this host's CPU architecture.

  A standby replays the primary's files byte for
  byte: another major version cannot read them, and
  another architecture (x86_64 against aarch64, say)
  refuses them with "database files are incompatible
  with server". Compare the architecture with the
  primary's (uname -m there) before going on.
action:
  command:
    as: operator
    timeout: 30
    run: >-
      v=$$($SECONDARY_PG_BINDIR/postgres --version) && echo "$$v" &&
      $SECONDARY_PG_BINDIR/pg_basebackup --version && echo "architecture: $$(uname -m)" &&
      case "$$v" in *" $PRIMARY_PG_VERSION".*) echo "major $PRIMARY_PG_VERSION, as on the primary";;
      *) echo "not the primary's major version $PRIMARY_PG_VERSION" >&2; exit 1;; esac
help: |
  The wizard calls the programs by their full path,
  $SECONDARY_PG_BINDIR, on purpose: when several
  versions are installed, the plain command name may
  lead to another version's tools.

  The architecture must match exactly; the operating
  system and its version ideally too, since the
  ordering of text in indexes follows the system's
  locale library.

"""#),
        ("screens/210-secondary-reach-primary.yaml", #"""
id: secondary-reach-primary
title: Reach the primary
host: secondary
text: |
  Asks, from the standby host, whether the primary
  answers at $PRIMARY_PG_IP port $PRIMARY_PG_PORT.

  "accepting connections" means the network path and
  listen_addresses are right; the login itself is
  tried later. "no response" means something is in
  the way: a firewall, a wrong address, or a primary
  still listening on localhost only.

  Better to find out now than after the next steps
  have stopped this host's server.
action:
  command:
    as: operator
    run: $SECONDARY_PG_BINDIR/pg_isready -h $PRIMARY_PG_IP -p $PRIMARY_PG_PORT
    timeout: 30
help: |
  pg_isready only knocks on the door: it needs no
  password and no pg_hba.conf rule, so a good answer
  here says nothing yet about the login.

  To test the port by hand from the standby host, try
  a TCP connection to the primary's address and port
  with any tool at hand; on the primary, ss -ltn shows
  which addresses the server listens on.

"""#),
        ("screens/215-secondary-replication-login.yaml", #"""
id: secondary-replication-login
title: Test the login
host: secondary
text: |
  Logs in to the primary the way the copy and the
  standby will: as $REP_USER, over a replication
  connection, with the password you gave.

  A good answer is one row: the primary's system
  identifier, timeline and WAL position. A refusal
  names its reason: no pg_hba.conf rule for this host,
  a wrong password, a role without REPLICATION, or no
  free WAL sender on the primary.

  Nothing on this host has changed yet, so whatever
  is found here costs nothing to put right.
action:
  command:
    as: operator
    run: $SECONDARY_PG_BINDIR/psql --no-psqlrc -P pager=off -h $PRIMARY_PG_IP -p $PRIMARY_PG_PORT -U $REP_USER -d replication=true -c IDENTIFY_SYSTEM
    timeout: 60
help: |
  replication=true asks for the same kind of session a
  standby opens; in it only replication commands work,
  and IDENTIFY_SYSTEM is the simplest of them.

  The primary logs every refusal as a FATAL line, so
  its log tells the same story from the other side.

  If the primary runs with fewer WAL senders than its
  postgresql.conf says, look for start options that
  override the file: pg_ctl.conf on Debian, the
  service unit, or postmaster.opts in the data
  directory.

"""#),
        ("screens/220-secondary-last-role.yaml", #"""
id: secondary-last-role
title: Check the old role
host: secondary
when:
  mode: rebuild
text: |
  Before anything is moved, shows what the data
  directory on this host was last used as.

  "in archive recovery" or "shut down in recovery"
  means it was a standby: safe to rebuild.

  "in production" or a plain "shut down" means it last
  ran as a PRIMARY. Stop here and find out why: after
  a failover this may hold the only current copy of
  your data, and a rebuild would set those changes
  aside where no client sees them.
action:
  command:
    as: postgres
    run: '$SECONDARY_PG_BINDIR/pg_controldata $SECONDARY_PG_DATA | grep -E "cluster state|system identifier"'
help: |
  The system identifier is fixed when a cluster is
  created and copied along with every base backup.
  Compare it with the primary's (pg_controldata there,
  or SELECT system_identifier FROM pg_control_system()
  from 9.6 on): if both match, this host was built from
  that primary.

"""#),
        ("screens/230-secondary-stop.yaml", #"""
id: secondary-stop
title: Stop the standby
host: secondary
text: |
  Stops PostgreSQL on the standby host.

  The next step moves its data directory aside, and
  the one after copies the primary's data into its
  place. A running server would keep writing into
  the directory while it is moved, leave a damaged
  copy behind, and hold the port the new standby
  needs.

  On a fresh install this only stops the empty
  cluster that the package created.
action:
  command:
    service: stop
    guard: standby-data-directory

"""#),
        ("screens/240-secondary-set-aside.yaml", #"""
id: secondary-set-aside
title: Set old data aside
host: secondary
text: |
  Renames the standby host's data directory to a name
  ending in .pre-standby and the date and time. It is
  not deleted: if something goes wrong, rename it
  back.

  pg_basebackup, in the next step, writes only into
  an empty directory: one owned as the old one is
  made first, then takes the old one's place.

  First the wizard reads the directory's pg_controldata:
  it refuses the primary's own data directory, and sets
  one in production (a primary, a promoted standby)
  aside only once you type its cluster.
action:
  command:
    destructive: true
    guard: standby-data-directory
    run: test -d $SECONDARY_PG_DATA && old=$SECONDARY_PG_DATA.pre-standby-$(date +%Y%m%d-%H%M%S)-$$$$ && new=$SECONDARY_PG_DATA.new-$$$$ && test ! -e "$old" && mkdir -m 700 "$new" && chown --reference=$SECONDARY_PG_DATA "$new" && mv $SECONDARY_PG_DATA "$old" && mv "$new" $SECONDARY_PG_DATA && echo "kept as $old"
help: |
  With the Debian layout the configuration lives under
  /etc/postgresql and stays where it is; only the data
  moves.

  The old copy takes disk space until you delete it.
  Do that only once the new standby has run well for a
  while.

  If the data directory does not exist at all (some
  packages create no cluster), skip this step.

"""#),
        ("screens/245-secondary-renew-slot.yaml", #"""
id: secondary-renew-slot
title: Renew the slot
host: secondary
when:
  version: ">=13"
  mode: rebuild
  answers: {WAL_RETENTION: slot}
text: |
  Drops the slot $REPLICATION_SLOT on the primary and
  makes it again, holding WAL from now on, over a
  replication connection as $REP_USER.

  A standby that needs a rebuild has often lost its
  slot: past max_slot_wal_keep_size the primary
  invalidates it (wal_status "lost") and a standby can
  never stream through it again. Even a slot still in
  order only holds WAL for the old copy; the new copy
  needs one that holds from now. A slot that did not
  exist is simply made.
action:
  command:
    as: postgres
    run: >-
      $SECONDARY_PG_BINDIR/psql --no-psqlrc -P pager=off -h $PRIMARY_PG_IP -p $PRIMARY_PG_PORT -U $REP_USER
      -d replication=true -c "DROP_REPLICATION_SLOT $REPLICATION_SLOT" 2>&1 | grep -v "does not exist";
      $SECONDARY_PG_BINDIR/psql --no-psqlrc -P pager=off -h $PRIMARY_PG_IP -p $PRIMARY_PG_PORT -U $REP_USER
      -d replication=true -c "CREATE_REPLICATION_SLOT $REPLICATION_SLOT PHYSICAL RESERVE_WAL"
    timeout: 60
help: |
  The old standby is stopped by now, so nothing uses
  the slot. If the primary says the slot is active,
  another server streams through it: find it with
  SELECT active_pid FROM pg_replication_slots on the
  primary before going on.

  On the primary, the slot's state shows in
  SELECT slot_name, wal_status, restart_lsn
  FROM pg_replication_slots;

"""#),
        ("screens/250-secondary-base-backup.yaml", #"""
id: secondary-base-backup
title: Copy the primary
host: secondary
text: |
  Copies the whole primary, every database plus the
  WAL written meanwhile, into $SECONDARY_PG_DATA over
  a replication connection as $REP_USER.

  pg_basebackup asks for the role's password and the
  wizard answers. -P shows progress and -v names each
  phase. The copy begins at a checkpoint the primary
  starts at once: "fast" writes it at full speed,
  "spread" paces it by checkpoint_completion_target,
  which can take minutes ("waiting for checkpoint").

  This takes as long as moving the whole database
  across the network. If it fails, the message says
  why in plain words.
action:
  command:
    as: postgres
    guard: empty-copy-target
    run: $SECONDARY_PG_BINDIR/pg_basebackup -h $PRIMARY_PG_IP -p $PRIMARY_PG_PORT -U $REP_USER -D $SECONDARY_PG_DATA $BASEBACKUP_WAL_FLAG --checkpoint=$BASEBACKUP_CHECKPOINT -P -v
help: |
  What the common failures mean:

  - no pg_hba.conf entry for replication connection:
    the primary's rule does not match this host's
    address, or the primary was not restarted;
  - password authentication failed: wrong password,
    or the stored hash does not suit the method;
  - number of requested standby connections exceeds
    max_wal_senders: the primary still runs with the
    old value;
  - directory exists but is not empty: the previous
    step did not move the old data aside.

  On failure pg_basebackup removes what it wrote.

"""#),
        ("screens/255-secondary-own-settings.yaml", #"""
id: secondary-own-settings
title: Restore its own port
host: secondary
when:
  layout: datadir
text: |
  Puts the standby's own port back into the
  postgresql.conf the copy just brought over, and
  reviews what else in it belongs to the primary:

  listen_addresses   the primary's own address is
                     replaced by $SECONDARY_PG_IP
  data_directory,    the primary's paths, or files
  hba_file,          this host lacks: commented out
  ident_file
  include files      named, with what is read here
  primary_slot_name  a leftover (auto.conf) goes
                     unless WAL is kept by a slot
action:
  edit:
    file: postgresql.conf
    settings:
      port: $SECONDARY_PG_PORT
help: |
  Where the configuration lives inside the data
  directory, pg_basebackup copies the primary's
  postgresql.conf and postgresql.auto.conf with
  everything else, port included. Without this step
  the standby would try to listen on the primary's
  port: on one machine it fails to start, on two it
  takes a port nobody expects.

  Debian's layout keeps each cluster's postgresql.conf
  under /etc, outside the data directory, so the copy
  leaves it alone and this step does not appear there;
  a leftover primary_slot_name in postgresql.auto.conf
  is then taken out by the standby's next step.

  Compare the result with the file set aside with the
  old data directory for anything else host-specific.

"""#),
        ("screens/260-secondary-hot-standby.yaml", #"""
id: secondary-hot-standby
title: Allow read queries
host: secondary
text: |
  Sets hot_standby to on in the standby's
  postgresql.conf: it answers read-only queries while
  it replays changes, and the final checks need that.

  It also raises, where lower than on the primary
  (read from the running primary just now):
  max_connections, max_worker_processes,
  max_prepared_transactions,
  max_locks_per_transaction and (12 on)
  max_wal_senders. A standby with less stops or
  pauses replay. Higher values are kept.
action:
  edit:
    file: postgresql.conf
    settings:
      hot_standby: "on"
      max_connections: $PRIMARY_MAX_CONNECTIONS
      max_worker_processes: $PRIMARY_MAX_WORKER_PROCESSES
      max_prepared_transactions: $PRIMARY_MAX_PREPARED_TRANSACTIONS
      max_locks_per_transaction: $PRIMARY_MAX_LOCKS_PER_TRANSACTION
      max_wal_senders: $PRIMARY_MAX_WAL_SENDERS
help: |
  Recent versions already default hot_standby to on;
  writing it down keeps the intent visible. Without
  it the standby still follows the primary but
  refuses every connection.

  The standby needs at least the primary's
  max_connections, max_worker_processes,
  max_prepared_transactions and
  max_locks_per_transaction, and from 12 on
  max_wal_senders: the WAL it replays was written
  for that much room. With less it stops (up to 13)
  or pauses replay (14 on) with "insufficient
  parameter settings". The values come from the
  running primary (pg_settings); where it cannot be
  asked, the diff leaves them and says so.

  With the Debian layout the standby keeps its own
  postgresql.conf under /etc; elsewhere the copy
  brought the primary's file, so they already match.

"""#),
        ("screens/270-secondary-recovery-conf.yaml", #"""
id: secondary-recovery-conf
title: Point at the primary
host: secondary
when:
  version: "9.5-11"
text: |
  Writes the standby settings into the data directory
  ($RECOVERY_CONFIG). On this version that file turns
  a server into a standby:

  standby_mode       keep replaying changes instead
                     of finishing recovery
  primary_conninfo   where to stream from, as which
                     role, with which password
  recovery_target_timeline
                     latest: follow a promoted
                     primary onto its new timeline

  Without it the copy starts as an independent
  primary and quietly stops following the original.
action:
  edit:
    file: recovery
    settings:
      standby_mode: "on"
      primary_conninfo: host=$PRIMARY_PG_IP port=$PRIMARY_PG_PORT user=$REP_USER password=$REP_USER_PW
      recovery_target_timeline: latest
help: |
  The password is not written into these settings:
  it goes to the postgres user's password file
  (~postgres/.pgpass, mode 0600), and the connection
  settings point at that file (passfile=, from 10 on;
  9.5 and 9.6 find it by its standard place).

  Up to 11 recovery_target_timeline defaults to the
  timeline the copy was taken on: after a failover the
  standby would never follow the new primary. From 12
  on 'latest' is the default.

  Once the standby is promoted to primary, the server
  renames this file so it is not applied again.

"""#),
        ("screens/271-secondary-standby-signal.yaml", #"""
id: secondary-standby-signal
title: Point at the primary
host: secondary
when:
  version: ">=12"
text: |
  Tells the copy where to stream from and that it is
  a standby ($RECOVERY_CONFIG):

  primary_conninfo   where to stream from, as which
                     role, with which password
  standby.signal     an empty file in the data
                     directory: stay a standby

  Since version 12 these replace recovery.conf; a
  server that still finds that file refuses to start.
  Without the signal file the copy starts as an
  independent primary and stops following.
action:
  edit:
    file: recovery
    settings:
      primary_conninfo: host=$PRIMARY_PG_IP port=$PRIMARY_PG_PORT user=$REP_USER password=$REP_USER_PW
help: |
  The password is not written into these settings:
  it goes to the postgres user's password file
  (~postgres/.pgpass, mode 0600), and the connection
  settings point at that file (passfile=, from 10 on;
  9.5 and 9.6 find it by its standard place).

  Promoting the standby later removes standby.signal;
  primary_conninfo stays and is simply ignored on a
  primary.

"""#),
        ("screens/273-secondary-slot.yaml", #"""
id: secondary-slot
title: Use the slot
host: secondary
when:
  answers: {WAL_RETENTION: slot}
text: |
  Tells the standby to stream through the slot
  $REPLICATION_SLOT (primary_slot_name), so the
  primary knows how far it has got and keeps the WAL
  it still lacks.

  Without this setting the slot stays unused: it holds
  WAL from the moment it was made, for ever, and the
  standby gets no such guarantee.
action:
  edit:
    file: recovery
    settings:
      primary_slot_name: $REPLICATION_SLOT
help: |
  On the primary, pg_replication_slots shows the slot
  as active while the standby streams through it.

"""#),
        ("screens/275-secondary-restore.yaml", #"""
id: secondary-restore
title: Read the archive
host: secondary
when:
  answers: {WAL_RETENTION: archive}
text: |
  Lets the standby fetch WAL it lacks from the archive
  when streaming cannot supply it (restore_command),
  and prune the archive of files it will never need
  again (archive_cleanup_command, pg_archivecleanup).

  The archive must be readable on this host at
  $REP_ARCHIVE, for instance a share mounted there
  from the primary. Without it the standby only
  streams, and the archive keeps growing.
action:
  edit:
    file: recovery
    settings:
      restore_command: $RESTORE_COMMAND
      archive_cleanup_command: $ARCHIVE_CLEANUP_COMMAND
help: |
  restore_command:          $RESTORE_COMMAND
  archive_cleanup_command:  $ARCHIVE_CLEANUP_COMMAND

  pg_archivecleanup removes only files older than the
  standby's last restartpoint (%r): what a restart of
  the standby would no longer read.

  If the share is missing, restore_command fails
  quietly for each file and the standby keeps
  streaming; its log shows "cp: cannot stat".

"""#),
        ("screens/280-secondary-start.yaml", #"""
id: secondary-start
title: Start the standby
host: secondary
text: |
  Starts PostgreSQL on the standby host, which now
  holds the primary's data and the standby settings.

  It first replays the WAL that arrived during the
  copy, then connects to the primary and keeps
  streaming from there on. The next step watches the
  log for each stage.

  If it stops right away, its log says why, most often
  a setting lower than on the primary:
  $SECONDARY_PG_LOG
action:
  command:
    service: start

"""#),
        ("screens/290-secondary-streaming.yaml", #"""
id: secondary-streaming
title: Wait for streaming
host: secondary
text: |
  Watches the standby's log for three signs, in any
  order:

  - it entered standby mode, so it will not act as a
    primary;
  - it accepts read-only connections, so its data is
    consistent;
  - it started streaming WAL from the primary.

  If streaming does not start, look for "could not
  connect to the primary server": the rest of that
  line names the cause.
action:
  gate:
    expect: [standby-mode, read-only-connections, streaming]
    timeout: 300
help: |
  Usual causes after "could not connect to the primary
  server":

  - Connection refused or timed out: network, firewall
    or listen_addresses on the primary;
  - no pg_hba.conf entry: the rule on the primary does
    not match this host;
  - password authentication failed: the password in
    primary_conninfo.

  Lines such as "invalid record length" right after
  startup are normal: the standby reached the end of
  the WAL it has so far.

"""#),
        ("screens/300-verify.yaml", #"""
id: verify
title: Prove it replicates
host: local
when:
  hosts: both
text: |
  Checks the result from end to end:

  in-recovery    the standby says it is replaying
  streaming      the primary lists it as streaming
  write-test     a row written on the primary shows
                 up on the standby
  source-query   a query on your data gives the same
                 answer on both, the standby asked once
                 it replayed past the primary's position
  lag            bytes and time behind, and the WAL
                 the primary keeps for the standby
  archiving      a closed WAL file reaches the archive

  Any failure: the standby does not protect you yet.
action:
  verify:
    checks: [in-recovery, streaming, write-test, source-query, lag, archiving]
help: |
  Trying to write on the standby fails with "cannot
  execute ... in a read-only transaction". That is the
  expected answer and one more sign that it really is
  a standby.

  Right after a busy period the standby may lag a few
  seconds behind; run the checks again before
  concluding that changes are lost.

  Every day after, `standby-wizard check --answers
  FILE` runs these checks again without writing
  anything; its exit status (0 OK, 1 warning, 2
  critical) suits cron and monitoring systems.

  The archiving check ends the current WAL file early
  on purpose, so each run adds one file to the archive.
  When it fails, the primary's log says why just above
  "archive command failed".

"""#),
        ("screens/305-verify-standby.yaml", #"""
id: verify-standby
title: Check the standby
host: secondary
when:
  hosts: secondary
text: |
  Checks what this host can tell on its own:

  in-recovery    the server says it replays WAL
                 instead of running as a primary
  receiving      its WAL receiver streams from the
                 primary
  source-query   the standby's identity matches the
                 primary's (asked over the replication
                 connection), and replay passes the
                 primary's WAL position

  The full proof, a row written on the primary that
  shows up here, needs both servers: run the wizard
  where it reaches both, or write a row by hand.
action:
  verify:
    checks: [in-recovery, receiving, source-query]
help: |
  On the primary, this standby should now be listed
  as streaming:

    SELECT client_addr, state FROM pg_stat_replication;

  A write test by hand: create a small table on the
  primary, insert a row, and select it here a moment
  later. Writing here fails with "read-only
  transaction", as it should on a standby.

"""#),
        ("screens/310-next-steps.yaml", #"""
id: next-steps
title: What comes next
host: local
text: |
  The standby is running and following the primary.

  Left for you, at your own pace:

  - After some days of good service, delete the old
    data directory set aside on the standby host.
  - Watch the archive $REP_ARCHIVE: only a standby
    that reads it back prunes it; otherwise it grows
    with every write (see "How WAL is kept").
  - Watch lag and free disk space with `standby-wizard
    check --answers FILE` from cron or monitoring
    (exit 0 OK, 1 warning, 2 critical; --format json or
    nagios). A standby left stopped too long must be
    rebuilt: run this wizard again in rebuild mode.
help: |
  Promotion (turning the standby into the new primary)
  is a separate decision and not part of this wizard.
  Before promoting, make sure the old primary is
  stopped for good, or two servers will accept writes
  and their data will drift apart.

"""#),
    ]
}
