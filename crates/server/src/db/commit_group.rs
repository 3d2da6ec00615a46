//! Group commit: the use cases that wait for SQLite's one writer are written together, each in a savepoint
//! of one transaction, and committed once.
//!
//! A commit writes every page the transaction changed to the write-ahead log: an application's intake
//! changes the pages of two dozen indexes, the counters, the outbox. Applications that arrive together share
//! many of those pages (the ends of the indexes by time, the upper levels of all of them), and one commit
//! writes each once. Each use case still runs alone on the connection, in order, with its own savepoint: it
//! sees what those before it wrote, as it would after their commits, and its failure undoes its own writes
//! only. None is answered before the commit that holds its writes has succeeded; if that commit fails, every
//! use case of the group gets the failure (nothing of theirs was saved, and the same request may be sent
//! again).
//!
//! The first use case to arrive leads: it runs the group (every use case then waiting, itself included) and,
//! once the group is answered, hands the lead to the first that arrived meanwhile. The others only wait for
//! their answer.

use std::collections::VecDeque;
use std::sync::mpsc::{self, Receiver, Sender};
use std::sync::{Mutex, MutexGuard, PoisonError};

use crate::db::Conn;
use crate::error::ApiError;

/// The most use cases one commit holds: the last of a group waits for all those before it.
pub(super) const MOST_PER_GROUP: usize = 64;

/// The use cases waiting for the writer, and whether one of them leads.
#[derive(Default)]
pub(super) struct CommitGroups {
    waiting: Mutex<Waiting>,
}

#[derive(Default)]
struct Waiting {
    queue: VecDeque<Box<dyn Pending>>,
    led: bool,
}

/// A use case waiting for its group.
pub(super) trait Pending: Send {
    /// Runs the use case (in its savepoint); what it returned waits for the group's commit.
    fn run(self: Box<Self>, conn: &mut Conn) -> Box<dyn Ran>;
    /// Answers `error` without running it: its group could not be written.
    fn fail(self: Box<Self>, error: ApiError);
    /// Tells its thread to lead the next group; `false` if that thread is gone.
    fn lead(&self) -> bool;
}

/// A use case that ran, waiting for its group's commit.
pub(super) trait Ran: Send {
    /// Answers it: what it returned if `committed`, else the commit's failure.
    fn settle(self: Box<Self>, committed: Result<(), ApiError>);
}

enum Message<T> {
    Answer(Result<T, ApiError>),
    Lead,
}

struct Job<T, F> {
    work: F,
    answer: Sender<Message<T>>,
}

struct Outcome<T> {
    result: Result<T, ApiError>,
    answer: Sender<Message<T>>,
}

impl<T, F> Pending for Job<T, F>
where
    T: Send + 'static,
    F: FnOnce(&mut Conn) -> Result<T, ApiError> + Send,
{
    fn run(self: Box<Self>, conn: &mut Conn) -> Box<dyn Ran> {
        let Job { work, answer } = *self;
        Box::new(Outcome { result: work(conn), answer })
    }

    fn fail(self: Box<Self>, error: ApiError) {
        // The receiver is gone only if its thread is: nobody is left to answer.
        let _ = self.answer.send(Message::Answer(Err(error)));
    }

    fn lead(&self) -> bool {
        self.answer.send(Message::Lead).is_ok()
    }
}

impl<T: Send> Ran for Outcome<T> {
    fn settle(self: Box<Self>, committed: Result<(), ApiError>) {
        let result = match (self.result, committed) {
            (Ok(value), Ok(())) => Ok(value),
            (Ok(_), Err(error)) | (Err(error), _) => Err(error),
        };
        let _ = self.answer.send(Message::Answer(result));
    }
}

impl CommitGroups {
    /// Runs `work` in the next group and returns its answer once that group is committed. When this thread
    /// leads, `write_group` writes the group: once it may write, it takes the use cases waiting (this thread's
    /// first) and runs, then settles, or fails, every one.
    pub(super) fn write<T, F>(&self, work: F, write_group: impl FnOnce(Group<'_>)) -> Result<T, ApiError>
    where
        T: Send + 'static,
        F: FnOnce(&mut Conn) -> Result<T, ApiError> + Send + 'static,
    {
        let (answer, answered) = mpsc::channel();
        let leads = {
            let mut waiting = self.lock();
            waiting.queue.push_back(Box::new(Job { work, answer }));
            !std::mem::replace(&mut waiting.led, true)
        };
        if !leads {
            match answered.recv() {
                Ok(Message::Lead) => {}
                received => return answer_of(received),
            }
        }
        let lead = Lead { groups: self, answered: Some(answered) };
        write_group(Group(self));
        answer_of(lead.answered.as_ref().map_or(Err(mpsc::TryRecvError::Disconnected), Receiver::try_recv))
    }

    /// How many use cases wait for a group.
    #[cfg(test)]
    pub(super) fn waiting(&self) -> usize {
        self.lock().queue.len()
    }

    fn lock(&self) -> MutexGuard<'_, Waiting> {
        // Nothing runs under this lock but queue operations and sends: a panic elsewhere leaves it whole.
        self.waiting.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// The group a leader writes.
pub(super) struct Group<'a>(&'a CommitGroups);

impl Group<'_> {
    /// The use cases waiting now, in their order of arrival, the leader's first: taken as late as possible, so
    /// the group also holds those that arrived while the leader waited for the file.
    pub(super) fn take(self) -> Vec<Box<dyn Pending>> {
        let mut waiting = self.0.lock();
        let size = waiting.queue.len().min(MOST_PER_GROUP);
        waiting.queue.drain(..size).collect()
    }
}

/// A leader's term: when it ends, once its group is written or on a panic, the lead passes to the first use
/// case waiting (or is given up when none waits).
struct Lead<'a, T> {
    groups: &'a CommitGroups,
    /// The leader's own answer: dropped first, so that a leader that panicked before taking its use case does
    /// not hand the lead to itself.
    answered: Option<Receiver<Message<T>>>,
}

impl<T> Drop for Lead<'_, T> {
    fn drop(&mut self) {
        self.answered.take();
        let mut waiting = self.groups.lock();
        while let Some(next) = waiting.queue.front() {
            if next.lead() {
                return;
            }
            // Its thread is gone (the leader's own use case, when its group panicked before taking it).
            waiting.queue.pop_front();
        }
        waiting.led = false;
    }
}

/// The answer a use case got; a use case dropped unanswered (its group's writing panicked) is a server error.
fn answer_of<T>(received: Result<Message<T>, impl std::fmt::Display>) -> Result<T, ApiError> {
    match received {
        Ok(Message::Answer(result)) => result,
        Ok(Message::Lead) => Err(ApiError::internal("commit group: asked to lead twice")),
        Err(error) => Err(ApiError::internal(format!("commit group: the use case was not answered ({error})"))),
    }
}
