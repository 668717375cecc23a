//! The cluster's primary and its workers (provided).
//!
//! [`Primary`] forks the workers, deals connections out by the [`Strategy`] chosen,
//! and replaces a worker that dies while its [`RestartBudget`] allows (both katas of
//! [`crate::cluster`]). A worker that wants to go first says so (自杀信号,
//! `{"act":"suicide"}`): the primary stops sending it work and forks its
//! replacement *before* it lets it go, so a rolling restart of every worker loses
//! no request. `shutdown` stops accepting, lets every worker finish what it holds,
//! and reaps them all. [`worker_main`] is the worker's side.
//!
//! It is a module of its own so that a line typed into a kata in `cluster.rs`
//! moves none of this code down a line: no save makes rustc generate it again.
//! Book: book/src/ch07-processes/cluster.md

use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::mpsc;
use std::sync::{Arc, Condvar, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use serde_json::{Value, json};

use crate::channel::{Event, Sender};
use crate::cluster::{RestartBudget, RoundRobin, Strategy};
use crate::error::ProcessError;
use crate::exit::Exit;
use crate::fork::{self, ForkOptions};
use crate::handle::{self, HandleType};
use crate::spawn::{ChildProcess, StdioMode};

/// A lifecycle event, as `cluster.on(…)` names
/// them; workers are numbered in fork order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ClusterEvent {
    /// `fork`: the primary started worker `id`.
    Fork(usize),
    /// `online`: worker `id` runs and said so.
    Online(usize),
    /// `listening`: worker `id` can take connections.
    Listening(usize),
    /// `disconnect`: worker `id`'s channel closed.
    Disconnect(usize),
    /// `exit`: worker `id` ended, with Node's `(code, signal)`.
    Exit(usize, Exit),
    /// The restart budget ran out: dead workers are not replaced any more.
    Giveup,
}

impl ClusterEvent {
    /// The name `cluster.on(name, …)` uses for it (`"fork"`, `"exit"`…).
    pub fn name(&self) -> &'static str {
        match self {
            ClusterEvent::Fork(_) => "fork",
            ClusterEvent::Online(_) => "online",
            ClusterEvent::Listening(_) => "listening",
            ClusterEvent::Disconnect(_) => "disconnect",
            ClusterEvent::Exit(..) => "exit",
            ClusterEvent::Giveup => "giveup",
        }
    }
}

/// What the primary is told to build.
#[derive(Debug, Clone)]
pub struct ClusterConfig {
    /// How many workers.
    pub workers: usize,
    /// How connections reach them.
    pub strategy: Strategy,
    /// The worker program (this chapter's child
    /// binary); its first argument is `worker`.
    pub program: String,
    /// Restarts allowed per `restart_window` before `giveup`.
    pub restart_limit: usize,
    /// The window of the restart budget.
    pub restart_window: Duration,
}

/// Where a worker is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WorkerState {
    /// Forked, not listening yet.
    Starting,
    /// Takes connections.
    Listening,
    /// Asked to go (suicide or shutdown): no new work; finishing what it holds.
    Leaving,
    /// Its channel closed; exit pending or reaped.
    Gone,
}

/// The primary's record of one worker.
#[derive(Debug)]
struct Slot {
    id: usize,
    state: WorkerState,
    sender: Sender,
    child: Option<ChildProcess>,
    /// The worker this one replaces, to be let go once this one listens.
    replaces: Option<usize>,
}

/// Everything the primary's threads share.
#[derive(Debug)]
struct State {
    slots: Vec<Slot>,
    events: Vec<ClusterEvent>,
    budget: RestartBudget,
    restarts: usize,
    gave_up: bool,
    shutting_down: bool,
    /// The message of a panic in one of the primary's own threads (a kata they
    /// call, such as `cluster::allow`, that panicked), for its callers to see.
    panicked: Option<String>,
}

/// What reader threads tell the primary's control thread.
type Inbox = mpsc::Sender<(usize, Event)>;

/// The primary process's side of a running cluster.
#[derive(Debug)]
pub struct Primary {
    config: ClusterConfig,
    addr: SocketAddr,
    shared: Arc<(Mutex<State>, Condvar)>,
    inbox: Inbox,
    listener: Arc<TcpListener>,
    stop: Arc<AtomicBool>,
    threads: Vec<JoinHandle<()>>,
}

/// How long one worker may take to start listening.
pub const START_LIMIT: Duration = Duration::from_secs(10);

impl Primary {
    /// Binds `127.0.0.1:0`, forks the workers and waits until they all listen.
    pub fn start(config: ClusterConfig) -> Result<Primary, ProcessError> {
        let listener = TcpListener::bind("127.0.0.1:0")
            .map_err(ProcessError::io("binding the cluster's port"))?;
        let addr = listener
            .local_addr()
            .map_err(ProcessError::io("reading the cluster's port"))?;
        let state = State {
            slots: Vec::new(),
            events: Vec::new(),
            budget: RestartBudget::new(config.restart_limit, config.restart_window),
            restarts: 0,
            gave_up: false,
            shutting_down: false,
            panicked: None,
        };
        let shared = Arc::new((Mutex::new(state), Condvar::new()));
        let (inbox, events) = mpsc::channel();
        let mut primary = Primary {
            config,
            addr,
            shared,
            inbox,
            listener: Arc::new(listener),
            stop: Arc::new(AtomicBool::new(false)),
            threads: Vec::new(),
        };
        for _ in 0..primary.config.workers {
            primary.fork_worker(None)?;
        }
        let control = {
            let (shared, listener, config, inbox) = (
                primary.shared.clone(),
                primary.listener.clone(),
                primary.config.clone(),
                primary.inbox.clone(),
            );
            std::thread::spawn(move || {
                let watched = shared.clone();
                recording_panics(&watched, "control", move || {
                    control_loop(events, shared, listener, config, inbox)
                });
            })
        };
        primary.threads.push(control);
        if primary.config.strategy == Strategy::RoundRobin {
            let (shared, listener, stop) = (
                primary.shared.clone(),
                primary.listener.clone(),
                primary.stop.clone(),
            );
            primary.threads.push(std::thread::spawn(move || {
                accept_loop(shared, listener, stop)
            }));
        }
        let workers = primary.config.workers;
        let all_listening = primary.wait_until(START_LIMIT * workers as u32, |s| {
            s.slots
                .iter()
                .filter(|w| w.state == WorkerState::Listening)
                .count()
                == workers
        });
        if !all_listening {
            return Err(ProcessError::TimedOut {
                what: format!("{workers} workers to listen"),
            });
        }
        Ok(primary)
    }

    /// Forks one worker (and its reader thread);
    /// `replaces` names a worker leaving for it.
    fn fork_worker(&self, replaces: Option<usize>) -> Result<usize, ProcessError> {
        let mut state = lock(&self.shared);
        spawn_worker(
            &mut state,
            &self.config,
            &self.listener,
            &self.inbox,
            replaces,
        )
    }

    /// Locks the shared state for one of the primary's callers; a panic recorded
    /// by the primary's own threads is re-raised here, on the caller's thread.
    fn checked(&self) -> std::sync::MutexGuard<'_, State> {
        let state = lock(&self.shared);
        if let Some(message) = state.panicked.clone() {
            drop(state);
            raise(message);
        }
        state
    }

    /// The address clients connect to.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// Every lifecycle event so far, in order.
    pub fn events(&self) -> Vec<ClusterEvent> {
        self.checked().events.clone()
    }

    /// How many workers were forked to replace ones that died or left.
    pub fn restarts(&self) -> usize {
        self.checked().restarts
    }

    /// Workers forked so far (including replacements), in fork order.
    pub fn forked(&self) -> usize {
        self.checked().slots.len()
    }

    /// The pid of worker `id`, while it has one.
    pub fn pid(&self, id: usize) -> Option<u32> {
        let state = self.checked();
        state.slots.get(id)?.child.as_ref().map(|c| c.pid)
    }

    /// Worker `id`'s state.
    pub fn state(&self, id: usize) -> Option<WorkerState> {
        self.checked().slots.get(id).map(|w| w.state)
    }

    /// Waits until `done(state)` holds, at most `limit`; true if it did.
    fn wait_until(&self, limit: Duration, done: impl Fn(&State) -> bool) -> bool {
        let (mutex, changed) = &*self.shared;
        let deadline = Instant::now() + limit;
        let mut state = mutex.lock().unwrap_or_else(|p| p.into_inner());
        while !done(&state) {
            if let Some(message) = state.panicked.clone() {
                drop(state);
                raise(message);
            }
            let now = Instant::now();
            if now >= deadline {
                return false;
            }
            state = changed
                .wait_timeout(state, deadline - now)
                .unwrap_or_else(|p| p.into_inner())
                .0;
        }
        true
    }

    /// Waits until `event` has happened, at most `limit`.
    pub fn wait_for_event(&self, limit: Duration, event: &ClusterEvent) -> bool {
        self.wait_until(limit, |s| s.events.contains(event))
    }

    /// Sends worker `id` a signal (`"SIGKILL"` to crash it).
    pub fn kill(&self, id: usize, signal: &str) -> Result<bool, ProcessError> {
        let mut state = self.checked();
        match state.slots.get_mut(id).and_then(|w| w.child.as_mut()) {
            Some(child) => child.kill(signal),
            None => Ok(false),
        }
    }

    /// `worker.disconnect()`: worker `id` stops taking work, finishes, and exits; it
    /// is not replaced. Waits (at most `limit`) for its `exit`.
    pub fn disconnect(&self, id: usize, limit: Duration) -> Result<(), ProcessError> {
        {
            let mut state = self.checked();
            let Some(slot) = state.slots.get_mut(id) else {
                return Err(ProcessError::ChannelClosed);
            };
            slot.state = WorkerState::Leaving;
            slot.sender.send(&json!({"cmd": "leave"}))?;
        }
        let exited = self.wait_until(limit, |s| {
            s.events
                .iter()
                .any(|e| matches!(e, ClusterEvent::Exit(w, _) if *w == id))
        });
        if exited {
            Ok(())
        } else {
            Err(ProcessError::TimedOut {
                what: format!("worker {id} to exit"),
            })
        }
    }

    /// Asks worker `id` to restart itself: it sends the suicide
    /// signal, the primary forks its replacement, and lets it
    /// go once the replacement listens. Waits for all that.
    pub fn restart(&self, id: usize, limit: Duration) -> Result<(), ProcessError> {
        let sender = {
            let state = self.checked();
            state.slots.get(id).map(|w| w.sender.clone())
        };
        let sender = sender.ok_or(ProcessError::ChannelClosed)?;
        sender.send(&json!({"cmd": "restart"}))?;
        let done = self.wait_until(limit, |s| {
            s.events
                .iter()
                .any(|e| matches!(e, ClusterEvent::Exit(w, _) if *w == id))
                && s.slots.iter().any(|w| w.replaces == Some(id))
                && s.slots.iter().any(|w| {
                    w.replaces == Some(id) && w.state == WorkerState::Listening
                })
        });
        if done {
            Ok(())
        } else {
            Err(ProcessError::TimedOut {
                what: format!("worker {id} to be replaced"),
            })
        }
    }

    /// Rolls a restart through every worker alive now, one at a time.
    pub fn restart_all(&self, limit: Duration) -> Result<(), ProcessError> {
        let alive: Vec<usize> = {
            let state = self.checked();
            state
                .slots
                .iter()
                .filter(|w| w.state == WorkerState::Listening)
                .map(|w| w.id)
                .collect()
        };
        for id in alive {
            self.restart(id, limit)?;
        }
        Ok(())
    }

    /// Graceful shutdown: stop accepting, tell every worker to finish and leave,
    /// wait for them all (killing any that outstay `limit`), and reap them.
    pub fn shutdown(mut self, limit: Duration) -> Result<(), ProcessError> {
        self.stop.store(true, Ordering::SeqCst);
        {
            let mut state = lock(&self.shared);
            state.shutting_down = true;
            for slot in state.slots.iter_mut() {
                if matches!(
                    slot.state,
                    WorkerState::Starting | WorkerState::Listening
                ) {
                    slot.state = WorkerState::Leaving;
                    let _ = slot.sender.send(&json!({"cmd": "leave"}));
                }
            }
        }
        // Wake the accept loop, which may sit in accept().
        let _ = TcpStream::connect(self.addr);
        let finished = self.wait_until(limit, |s| {
            s.slots
                .iter()
                .all(|w| w.child.as_ref().is_none_or(|c| c.exit.is_some()))
        });
        // Whatever did not leave in time is killed and reaped.
        self.release();
        if finished {
            Ok(())
        } else {
            Err(ProcessError::TimedOut {
                what: "every worker to leave".to_owned(),
            })
        }
    }

    /// Kills and reaps the workers still held (`ChildProcess`'s `Drop`), then stops
    /// the control loop and the accept loop and joins them: the end of `shutdown`,
    /// and all of a `Drop` without one.
    fn release(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        let children: Vec<ChildProcess> = {
            let mut state = lock(&self.shared);
            state.shutting_down = true;
            state
                .slots
                .iter_mut()
                .filter_map(|w| w.child.take())
                .collect()
        };
        drop(children);
        let _ = self.inbox.send((usize::MAX, Event::Disconnect));
        // Wake the accept loop, which may sit in accept().
        let _ = TcpStream::connect(self.addr);
        for thread in self.threads.drain(..) {
            let _ = thread.join();
        }
    }
}

impl Drop for Primary {
    /// A primary dropped without `shutdown` (a failed start, a panicking test) still
    /// takes its workers with it: killed, reaped, and its threads stopped.
    fn drop(&mut self) {
        if !self.threads.is_empty() {
            self.release();
        }
    }
}

/// Re-raises, on a caller's thread, a panic of one of the primary's threads.
///
/// A primary whose control or accept thread died would leave its callers
/// waiting for events that never come, and a test ending in a timeout that
/// hides the cause; its caller gets the panic instead, message and all.
fn raise(message: String) -> ! {
    panic!("{message}")
}

/// Runs `body` on behalf of the primary's `thread`; if it panics, records the
/// panic for the primary's callers (the first one wins) and wakes them.
/// Returns `None` then.
fn recording_panics<T>(
    shared: &Arc<(Mutex<State>, Condvar)>,
    thread: &str,
    body: impl FnOnce() -> T,
) -> Option<T> {
    let payload = match std::panic::catch_unwind(std::panic::AssertUnwindSafe(body)) {
        Ok(value) => return Some(value),
        Err(payload) => payload,
    };
    let what = payload
        .downcast_ref::<&str>()
        .map(|s| (*s).to_owned())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "a panic without a message".to_owned());
    let mut state = lock(shared);
    state.panicked.get_or_insert_with(|| {
        format!("the cluster primary's {thread} thread panicked: {what}")
    });
    drop(state);
    shared.1.notify_all();
    None
}

/// Locks the shared state, surviving a panicked thread.
fn lock(shared: &Arc<(Mutex<State>, Condvar)>) -> std::sync::MutexGuard<'_, State> {
    shared.0.lock().unwrap_or_else(|p| p.into_inner())
}

/// Forks worker number `state.slots.len()` and starts its reader thread.
fn spawn_worker(
    state: &mut State,
    config: &ClusterConfig,
    listener: &Arc<TcpListener>,
    inbox: &Inbox,
    replaces: Option<usize>,
) -> Result<usize, ProcessError> {
    let id = state.slots.len();
    let options = ForkOptions {
        env: vec![
            ("CH07_ID".to_owned(), id.to_string()),
            (
                "CH07_STRATEGY".to_owned(),
                config.strategy.name().to_owned(),
            ),
        ],
        stdio: StdioMode::Inherit,
    };
    let forked = fork::fork(&config.program, &["worker"], &options)?;
    if config.strategy == Strategy::Shared {
        // Every worker gets its own duplicate of the one listening socket.
        handle::send_handle(
            &forked.sender,
            &json!({"cmd": "listen"}),
            HandleType::NetServer,
            &**listener,
        )?;
    }
    let mut receiver = forked.receiver;
    let inbox = inbox.clone();
    std::thread::spawn(move || {
        loop {
            match receiver.recv(Duration::from_millis(200)) {
                Ok(Event::Disconnect) => {
                    let _ = inbox.send((id, Event::Disconnect));
                    return;
                }
                Ok(event) => {
                    if inbox.send((id, event)).is_err() {
                        return;
                    }
                }
                Err(ProcessError::TimedOut { .. }) => continue,
                Err(_) => {
                    let _ = inbox.send((id, Event::Disconnect));
                    return;
                }
            }
        }
    });
    state.slots.push(Slot {
        id,
        state: WorkerState::Starting,
        sender: forked.sender,
        child: Some(forked.child),
        replaces,
    });
    state.events.push(ClusterEvent::Fork(id));
    Ok(id)
}

/// The primary's event loop: one message at a time from every worker's reader.
fn control_loop(
    events: mpsc::Receiver<(usize, Event)>,
    shared: Arc<(Mutex<State>, Condvar)>,
    listener: Arc<TcpListener>,
    config: ClusterConfig,
    inbox: Inbox,
) {
    while let Ok((id, event)) = events.recv() {
        if id == usize::MAX {
            return;
        }
        let mut state = lock(&shared);
        match event {
            Event::Message(message) => {
                on_message(&mut state, &config, &listener, &inbox, id, &message);
            }
            Event::Disconnect => {
                state.events.push(ClusterEvent::Disconnect(id));
                let leaving = state.slots[id].state == WorkerState::Leaving;
                state.slots[id].state = WorkerState::Gone;
                // The channel closing is the first sign of an exit: reap now.
                let exit = state.slots[id]
                    .child
                    .as_mut()
                    .map(|c| c.wait_for(Duration::from_secs(5)));
                if let Some(Ok(exit)) = exit {
                    state.events.push(ClusterEvent::Exit(id, exit));
                }
                if !leaving && !state.shutting_down && !state.gave_up {
                    if state.budget.allow(Instant::now()) {
                        state.restarts += 1;
                        let _ = spawn_worker(
                            &mut state, &config, &listener, &inbox, None,
                        );
                    } else {
                        state.gave_up = true;
                        state.events.push(ClusterEvent::Giveup);
                    }
                }
            }
            Event::Error(_) | Event::Handle { .. } => {}
        }
        shared.1.notify_all();
    }
}

/// A worker's message to the primary.
fn on_message(
    state: &mut State,
    config: &ClusterConfig,
    listener: &Arc<TcpListener>,
    inbox: &Inbox,
    id: usize,
    message: &Value,
) {
    match message.get("cmd").and_then(Value::as_str) {
        Some("online") => state.events.push(ClusterEvent::Online(id)),
        Some("listening") => {
            state.events.push(ClusterEvent::Listening(id));
            if state.slots[id].state == WorkerState::Starting {
                state.slots[id].state = WorkerState::Listening;
            }
            // 自杀信号, last step: the replacement listens, so the old one may go.
            if let Some(old) = state.slots[id].replaces {
                let _ = state.slots[old].sender.send(&json!({"cmd": "leave"}));
            }
        }
        // 自杀信号, first steps: no new work for it, and its replacement at once.
        Some("suicide")
            if state.slots[id].state == WorkerState::Listening
                && !state.shutting_down =>
        {
            state.slots[id].state = WorkerState::Leaving;
            state.restarts += 1;
            let _ = spawn_worker(state, config, listener, inbox, Some(id));
        }
        _ => {}
    }
}

/// Round-robin: the primary accepts every connection and deals it to the next worker.
fn accept_loop(
    shared: Arc<(Mutex<State>, Condvar)>,
    listener: Arc<TcpListener>,
    stop: Arc<AtomicBool>,
) {
    let mut turn = RoundRobin::default();
    for stream in listener.incoming() {
        if stop.load(Ordering::SeqCst) {
            return;
        }
        let Ok(stream) = stream else { continue };
        // A panic while dealing (in `RoundRobin::next`, say) is recorded for the
        // primary's callers; this connection closes, so its client hears at once.
        recording_panics(&shared, "accept", || {
            deal(&shared, &mut turn, &stream, &stop)
        });
        // `stream` closes here: the worker holds its own duplicate now.
    }
}

/// Hands one connection to the next listening
/// worker, waiting a little for one if none is.
fn deal(
    shared: &Arc<(Mutex<State>, Condvar)>,
    turn: &mut RoundRobin,
    stream: &TcpStream,
    stop: &AtomicBool,
) {
    let deadline = Instant::now() + Duration::from_secs(5);
    while Instant::now() < deadline && !stop.load(Ordering::SeqCst) {
        {
            let state = lock(shared);
            let ready: Vec<bool> = state
                .slots
                .iter()
                .map(|w| w.state == WorkerState::Listening)
                .collect();
            if let Some(i) = turn.next(&ready) {
                let sent = handle::send_handle(
                    &state.slots[i].sender,
                    &json!({"cmd": "connection"}),
                    HandleType::NetSocket,
                    stream,
                );
                if sent.is_ok() {
                    return;
                }
            }
        }
        // Nobody could take it: a worker is restarting. Try again shortly.
        std::thread::sleep(Duration::from_millis(5));
    }
}

/// The worker process (`child worker`): serve
/// what the primary sends until told to leave.
pub fn worker_main() -> Result<i32, ProcessError> {
    let (sender, mut receiver) = fork::channel_from_env()?;
    let id = std::env::var("CH07_ID").unwrap_or_default();
    let strategy = std::env::var("CH07_STRATEGY")
        .ok()
        .and_then(|s| Strategy::parse(&s))
        .unwrap_or(Strategy::RoundRobin);
    let body = format!("worker {id}");
    let in_flight = Arc::new(AtomicUsize::new(0));
    let stop = Arc::new(AtomicBool::new(false));
    let mut acceptor: Option<JoinHandle<()>> = None;
    sender.send(&json!({"cmd": "online"}))?;
    if strategy == Strategy::RoundRobin {
        sender.send(&json!({"cmd": "listening"}))?;
    }
    loop {
        let event = match receiver.recv(crate::child::IDLE_LIMIT * 4) {
            Ok(event) => event,
            Err(ProcessError::TimedOut { .. }) => continue,
            Err(e) => return Err(e),
        };
        match event {
            Event::Handle { kind, fd, .. } if kind == "net.Server" => {
                let listener = TcpListener::from(fd);
                let (body, in_flight, stop) =
                    (body.clone(), in_flight.clone(), stop.clone());
                acceptor = Some(std::thread::spawn(move || {
                    shared_accept(listener, &body, &in_flight, &stop);
                }));
                sender.send(&json!({"cmd": "listening"}))?;
            }
            Event::Handle { fd, .. } => {
                serve_counted(TcpStream::from(fd), body.clone(), in_flight.clone());
            }
            Event::Message(message) => {
                match message.get("cmd").and_then(Value::as_str) {
                    // The 自杀信号: tell the primary first,
                    // keep serving until it says go.
                    Some("restart") => {
                        sender.send(&json!({"act": "suicide", "cmd": "suicide"}))?
                    }
                    Some("leave") => {
                        stop.store(true, Ordering::SeqCst);
                        if let Some(thread) = acceptor.take() {
                            let _ = thread.join();
                        }
                        finish(&in_flight);
                        sender.disconnect();
                        return Ok(0);
                    }
                    _ => {}
                }
            }
            Event::Disconnect => {
                stop.store(true, Ordering::SeqCst);
                finish(&in_flight);
                return Ok(0);
            }
            Event::Error(_) => {}
        }
    }
}

/// Serves one connection on its own thread, counting it in flight.
fn serve_counted(stream: TcpStream, body: String, in_flight: Arc<AtomicUsize>) {
    in_flight.fetch_add(1, Ordering::SeqCst);
    std::thread::spawn(move || {
        let _ = crate::http::serve(stream, &body);
        in_flight.fetch_sub(1, Ordering::SeqCst);
    });
}

/// Waits (bounded) until no request is in flight.
fn finish(in_flight: &AtomicUsize) {
    let deadline = Instant::now() + Duration::from_secs(10);
    while in_flight.load(Ordering::SeqCst) > 0 && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(2));
    }
}

/// Shared accept: wait for the listening socket to be readable, race the other
/// workers for the connection, and serve it. Every worker polls the same socket, so
/// every worker wakes for each connection and the kernel lets one of them have it.
fn shared_accept(
    listener: TcpListener,
    body: &str,
    in_flight: &Arc<AtomicUsize>,
    stop: &AtomicBool,
) {
    // O_NONBLOCK lives on the socket, shared by every process holding it: a loser of
    // the race gets EAGAIN instead of blocking.
    let _ = listener.set_nonblocking(true);
    let timeout = rustix::event::Timespec {
        tv_sec: 0,
        tv_nsec: 50_000_000,
    };
    while !stop.load(Ordering::SeqCst) {
        let mut fds = [rustix::event::PollFd::new(
            &listener,
            rustix::event::PollFlags::IN,
        )];
        let _ = rustix::event::poll(&mut fds, Some(&timeout));
        match listener.accept() {
            Ok((stream, _)) => {
                let _ = stream.set_nonblocking(false);
                serve_counted(stream, body.to_owned(), in_flight.clone());
            }
            Err(_) => continue,
        }
    }
}
