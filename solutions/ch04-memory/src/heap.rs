//! The toy heap (堆) — V8's generations as plain
//! Rust data: new space, old space, large objects.
//!
//! V8 splits the JavaScript heap by age. Most objects die young, so new space
//! is small and collected often by copying; the survivors move ("promote") to
//! old space, which is large and collected rarely by marking. Objects too big
//! to copy cheaply live in a large-object space of their own.
//!
//! This file is provided scaffolding: the spaces, objects, addresses, and the
//! small helpers every kata shares. The collectors themselves are the katas.
//!
//! An [`Addr`] is where an object lives *now*: moving an object changes its
//! address, which is why a copying collector must leave a forwarding address
//! behind and fix every reference. Real V8 addresses are bytes; ours are the
//! index of a cell (new space), a block (old space) or a slot (large objects).
//! Book: book/src/ch04-memory/heap.md

use std::collections::BTreeSet;

/// Where an object lives. Comparing two addresses is how references are compared.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Addr {
    /// Cell `n` of the current From-space (during
    /// a scavenge: of the space being emptied).
    New(usize),
    /// Block `n` of old space.
    Old(usize),
    /// Slot `n` of the large-object space; large objects never move.
    Large(usize),
}

impl Addr {
    /// True for a young object (in new space).
    pub fn is_new(self) -> bool {
        matches!(self, Addr::New(_))
    }
}

/// The tri-colour marking state of an object (三色标记).
///
/// White: not reached yet (garbage if it stays white). Grey: reached, its
/// references not scanned yet. Black: reached and scanned.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Colour {
    /// Not reached (yet).
    #[default]
    White,
    /// Reached; references still to scan.
    Grey,
    /// Reached and scanned.
    Black,
}

/// A JavaScript object as the collector sees it: a size and the references it holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Object {
    /// The program's name for it (`"a"`), for logs
    /// and `live` lines; the collector ignores it.
    pub name: String,
    /// Its size in bytes.
    pub size: usize,
    /// Its reference fields ("slots"), in order; a name may appear more than once.
    pub refs: Vec<Addr>,
    /// How many scavenges it has survived while staying in new space.
    pub survived: u32,
    /// Its marking colour; white whenever no marking is under way.
    pub colour: Colour,
}

impl Object {
    /// A fresh, white object with no references.
    pub fn new(name: &str, size: usize) -> Object {
        Object {
            name: name.to_owned(),
            size,
            refs: Vec::new(),
            survived: 0,
            colour: Colour::White,
        }
    }
}

/// A cell of a semispace: an object, or the
/// forwarding address a scavenge left behind.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Cell {
    /// An object living here.
    Live(Object),
    /// The object was copied away; this is its new address (转发地址).
    Forwarded(Addr),
}

/// One half of new space. Objects are bump-allocated: cell after cell, `used` grows.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Semispace {
    /// Cells in allocation (or copy) order; an object's address is its index.
    pub cells: Vec<Cell>,
    /// Bytes allocated here (the bump pointer, in bytes).
    pub used: usize,
    /// How many bytes the semispace holds.
    pub capacity: usize,
}

impl Semispace {
    /// An empty semispace of `capacity` bytes.
    pub fn with_capacity(capacity: usize) -> Semispace {
        Semispace {
            cells: Vec::new(),
            used: 0,
            capacity,
        }
    }

    /// True when `size` more bytes fit.
    pub fn has_room(&self, size: usize) -> bool {
        self.used + size <= self.capacity
    }

    /// Bump-allocates `object`; returns its index.
    pub fn push(&mut self, object: Object) -> usize {
        self.used += object.size;
        self.cells.push(Cell::Live(object));
        self.cells.len() - 1
    }
}

/// A block of old space: `size` bytes, holding an object or free.
///
/// After a sweep a dead object's block stays where it was, free, and may be
/// reused by a smaller object; the difference is fragmentation (碎片).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Block {
    /// The block's size in bytes (at least its object's size).
    pub size: usize,
    /// The object in it, or `None` when the block is free.
    pub object: Option<Object>,
}

/// Old space (老生代): a list of blocks in address order.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct OldSpace {
    /// Blocks in address order; an object's address is its block's index.
    pub blocks: Vec<Block>,
}

impl OldSpace {
    /// Bytes held by live objects.
    pub fn used(&self) -> usize {
        self.blocks
            .iter()
            .filter_map(|b| b.object.as_ref())
            .map(|o| o.size)
            .sum()
    }

    /// Bytes the space has taken from the system (every block, used or not).
    pub fn committed(&self) -> usize {
        self.blocks.iter().map(|b| b.size).sum()
    }

    /// Places `object` in the first free block
    /// big enough (first fit), else at the end.
    ///
    /// This is the free list at work: V8 sorts free ranges into size classes,
    /// we walk the blocks, which is the same decision for a toy-sized heap.
    pub fn allocate(&mut self, object: Object) -> usize {
        if let Some(index) = self
            .blocks
            .iter()
            .position(|b| b.object.is_none() && b.size >= object.size)
        {
            self.blocks[index].object = Some(object);
            return index;
        }
        self.blocks.push(Block {
            size: object.size,
            object: Some(object),
        });
        self.blocks.len() - 1
    }
}

/// The large-object space (大对象空间): one slot
/// per object, never moved, freed in place.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct LargeSpace {
    /// Slots; `None` once the object was collected.
    pub objects: Vec<Option<Object>>,
}

impl LargeSpace {
    /// Bytes held by live large objects (each is committed exactly).
    pub fn used(&self) -> usize {
        self.objects.iter().flatten().map(|o| o.size).sum()
    }
}

/// The knobs of the collector, a value the tests can set.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Policy {
    /// Promote at the scavenge after an object has survived this many (V8: 1,
    /// i.e. the second scavenge it lives through moves it to old space).
    pub promote_after: u32,
    /// Promote at the first survival when the copy would fill To-space past
    /// this percentage (V8: 25).
    pub to_space_percent: usize,
    /// Compact old space instead of sweeping it when sweeping would leave more
    /// than this percentage of its committed bytes free.
    pub compact_percent: usize,
    /// Run a full collection once old space holds more than this many bytes.
    pub old_limit: usize,
}

impl Policy {
    /// V8's rules, scaled to a semispace of `semispace` bytes.
    pub fn v8(semispace: usize) -> Policy {
        Policy {
            promote_after: 1,
            to_space_percent: 25,
            compact_percent: 50,
            old_limit: semispace * 4,
        }
    }
}

/// Which collector ran.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GcKind {
    /// The young-generation copying collector.
    Scavenge,
    /// Full collection that swept old space into a free list.
    MarkSweep,
    /// Full collection that slid old space's live objects together.
    MarkCompact,
}

/// Heap size at one moment: bytes in use and bytes committed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Figures {
    /// Bytes held by objects (new + old + large).
    pub used: usize,
    /// Bytes taken from the system (both semispaces + old blocks + large objects).
    pub committed: usize,
}

/// One collection, as `--trace-gc` reports it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GcEvent {
    /// 1 for the heap's first collection, then 2, 3…
    pub number: usize,
    /// Which collector ran.
    pub kind: GcKind,
    /// Heap size before.
    pub before: Figures,
    /// Heap size after.
    pub after: Figures,
    /// Objects copied within new space (scavenge) or marked live (full).
    pub work: usize,
    /// Objects moved to old space (scavenge) or freed (full).
    pub moved: usize,
    /// Why it ran (`"allocation failure"`, `"requested"`…).
    pub reason: String,
}

/// The objects alive in each space, by name (the `live` line).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Live {
    /// Names in new space, sorted.
    pub new: Vec<String>,
    /// Names in old space, sorted.
    pub old: Vec<String>,
    /// Names in the large-object space, sorted.
    pub large: Vec<String>,
}

/// The whole heap.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Heap {
    /// The semispace objects are allocated in.
    pub from: Semispace,
    /// The empty semispace a scavenge copies into.
    pub to: Semispace,
    /// Old space.
    pub old: OldSpace,
    /// The large-object space.
    pub large: LargeSpace,
    /// The roots: handles, stack slots, globals
    /// — what the program can reach directly.
    pub roots: Vec<Addr>,
    /// The remembered set (记忆集): old or large objects
    /// that may hold a reference into new space.
    pub remembered: BTreeSet<Addr>,
    /// The collector's rules.
    pub policy: Policy,
    /// Old-space bytes above which an allocation triggers a full collection.
    pub old_limit: usize,
    /// Incremental marking's grey worklist while marking is under way, else `None`.
    pub marking: Option<Vec<Addr>>,
    /// Every collection so far, oldest first.
    pub log: Vec<GcEvent>,
}

impl Heap {
    /// An empty heap whose semispaces hold `semispace` bytes each, with V8's policy.
    pub fn new(semispace: usize) -> Heap {
        Heap::with_policy(semispace, Policy::v8(semispace))
    }

    /// An empty heap with an explicit policy.
    pub fn with_policy(semispace: usize, policy: Policy) -> Heap {
        Heap {
            from: Semispace::with_capacity(semispace),
            to: Semispace::with_capacity(semispace),
            old: OldSpace::default(),
            large: LargeSpace::default(),
            roots: Vec::new(),
            remembered: BTreeSet::new(),
            policy,
            old_limit: policy.old_limit,
            marking: None,
            log: Vec::new(),
        }
    }

    /// The object at `addr`, if one lives there (not a forwarding cell, not freed).
    pub fn object(&self, addr: Addr) -> Option<&Object> {
        match addr {
            Addr::New(i) => match self.from.cells.get(i)? {
                Cell::Live(object) => Some(object),
                Cell::Forwarded(_) => None,
            },
            Addr::Old(i) => self.old.blocks.get(i)?.object.as_ref(),
            Addr::Large(i) => self.large.objects.get(i)?.as_ref(),
        }
    }

    /// The object at `addr`, mutably.
    pub fn object_mut(&mut self, addr: Addr) -> Option<&mut Object> {
        match addr {
            Addr::New(i) => match self.from.cells.get_mut(i)? {
                Cell::Live(object) => Some(object),
                Cell::Forwarded(_) => None,
            },
            Addr::Old(i) => self.old.blocks.get_mut(i)?.object.as_mut(),
            Addr::Large(i) => self.large.objects.get_mut(i)?.as_mut(),
        }
    }

    /// Every address holding an object, new space first, then old, then large.
    pub fn addrs(&self) -> Vec<Addr> {
        let new = self
            .from
            .cells
            .iter()
            .enumerate()
            .filter(|(_, c)| matches!(c, Cell::Live(_)))
            .map(|(i, _)| Addr::New(i));
        let old = self
            .old
            .blocks
            .iter()
            .enumerate()
            .filter(|(_, b)| b.object.is_some())
            .map(|(i, _)| Addr::Old(i));
        let large = self
            .large
            .objects
            .iter()
            .enumerate()
            .filter(|(_, o)| o.is_some())
            .map(|(i, _)| Addr::Large(i));
        new.chain(old).chain(large).collect()
    }

    /// The address of the object named `name` (the program's ids are unique).
    pub fn find(&self, name: &str) -> Option<Addr> {
        self.addrs()
            .into_iter()
            .find(|&a| self.object(a).is_some_and(|o| o.name == name))
    }

    /// Bump-allocates in From-space, or `None` when it is full.
    ///
    /// While incremental marking runs, new objects are born black (V8 does the
    /// same): the marker has no reason to visit what did not exist at its start.
    pub fn alloc_new(&mut self, name: &str, size: usize) -> Option<Addr> {
        if !self.from.has_room(size) {
            return None;
        }
        let mut object = Object::new(name, size);
        if self.marking.is_some() {
            object.colour = Colour::Black;
        }
        Some(Addr::New(self.from.push(object)))
    }

    /// Allocates straight into old space (first fit).
    pub fn alloc_old(&mut self, name: &str, size: usize) -> Addr {
        let mut object = Object::new(name, size);
        if self.marking.is_some() {
            object.colour = Colour::Black;
        }
        Addr::Old(self.old.allocate(object))
    }

    /// Allocates in the large-object space.
    pub fn alloc_large(&mut self, name: &str, size: usize) -> Addr {
        let mut object = Object::new(name, size);
        if self.marking.is_some() {
            object.colour = Colour::Black;
        }
        self.large.objects.push(Some(object));
        Addr::Large(self.large.objects.len() - 1)
    }

    /// Stores a reference `from → to` with no
    /// barrier at all (tests build graphs with it).
    ///
    /// Returns false when `from` holds no object.
    pub fn link(&mut self, from: Addr, to: Addr) -> bool {
        match self.object_mut(from) {
            Some(object) => {
                object.refs.push(to);
                true
            }
            None => false,
        }
    }

    /// Removes one `from → to` reference; false when there was none.
    ///
    /// Deleting needs no barrier in this model: the remembered set may keep a
    /// stale entry until the next rebuild, and the insertion barrier of
    /// incremental marking only cares about new references.
    pub fn unlink(&mut self, from: Addr, to: Addr) -> bool {
        let Some(object) = self.object_mut(from) else {
            return false;
        };
        match object.refs.iter().position(|&r| r == to) {
            Some(slot) => {
                object.refs.remove(slot);
                true
            }
            None => false,
        }
    }

    /// Adds `addr` to the roots (once).
    pub fn add_root(&mut self, addr: Addr) {
        if !self.roots.contains(&addr) {
            self.roots.push(addr);
        }
    }

    /// Removes `addr` from the roots; false when it was not one.
    pub fn remove_root(&mut self, addr: Addr) -> bool {
        let before = self.roots.len();
        self.roots.retain(|&r| r != addr);
        self.roots.len() != before
    }

    /// The heap's size now.
    pub fn figures(&self) -> Figures {
        Figures {
            used: self.from.used + self.old.used() + self.large.used(),
            committed: self.from.capacity
                + self.to.capacity
                + self.old.committed()
                + self.large.used(),
        }
    }

    /// Rewrites every address the heap holds through `forward`: object
    /// references, roots, the remembered set and the marking worklist.
    ///
    /// A moving collector calls this once with its forwarding table, which is
    /// the "update every reference" step of mark-compact.
    pub fn update_references(&mut self, forward: &dyn Fn(Addr) -> Addr) {
        for addr in self.addrs() {
            if let Some(object) = self.object_mut(addr) {
                for r in &mut object.refs {
                    *r = forward(*r);
                }
            }
        }
        for r in &mut self.roots {
            *r = forward(*r);
        }
        self.remembered = self.remembered.iter().map(|&a| forward(a)).collect();
        if let Some(worklist) = &mut self.marking {
            for a in worklist.iter_mut() {
                *a = forward(*a);
            }
        }
    }

    /// Recomputes the remembered set from scratch: every old or large object
    /// holding at least one reference into new space.
    pub fn rebuild_remembered(&mut self) {
        self.remembered = self
            .addrs()
            .into_iter()
            .filter(|a| !a.is_new())
            .filter(|&a| {
                self.object(a)
                    .is_some_and(|o| o.refs.iter().any(|r| r.is_new()))
            })
            .collect();
    }

    /// Paints every object white (after a full collection, before a marking).
    pub fn whiten_all(&mut self) {
        for addr in self.addrs() {
            if let Some(object) = self.object_mut(addr) {
                object.colour = Colour::White;
            }
        }
    }

    /// After a marking: drops every white object from new space (keeping the
    /// others in order, fixing references) and frees white large objects.
    ///
    /// Returns how many objects were freed. V8's full collector evacuates the
    /// young generation instead; for a toy, squeezing out the dead is the same
    /// outcome.
    pub fn sweep_young_and_large(&mut self) -> usize {
        let mut freed = 0;
        for slot in &mut self.large.objects {
            if slot.as_ref().is_some_and(|o| o.colour == Colour::White) {
                *slot = None;
                freed += 1;
            }
        }
        let cells = std::mem::take(&mut self.from.cells);
        let mut moved = vec![None; cells.len()];
        self.from.used = 0;
        for (index, cell) in cells.into_iter().enumerate() {
            match cell {
                Cell::Live(object) if object.colour != Colour::White => {
                    moved[index] = Some(self.from.push(object));
                }
                _ => freed += 1,
            }
        }
        self.update_references(&|a| match a {
            // A dead object's address is only still held by dead objects.
            Addr::New(i) => {
                Addr::New(moved.get(i).copied().flatten().unwrap_or(usize::MAX))
            }
            other => other,
        });
        freed
    }

    /// Every black → white reference: the tri-colour invariant says there is none.
    ///
    /// A black object will not be scanned again, so a white object it points to
    /// would be freed while reachable. Tests call this after every marking step.
    pub fn tricolour_violations(&self) -> Vec<(Addr, Addr)> {
        let mut bad = Vec::new();
        for addr in self.addrs() {
            let Some(object) = self.object(addr) else {
                continue;
            };
            if object.colour != Colour::Black {
                continue;
            }
            for &target in &object.refs {
                if self
                    .object(target)
                    .is_some_and(|t| t.colour == Colour::White)
                {
                    bad.push((addr, target));
                }
            }
        }
        bad
    }

    /// Appends `event` to the log, numbering it; returns it.
    pub fn record(&mut self, mut event: GcEvent) -> GcEvent {
        event.number = self.log.len() + 1;
        self.log.push(event.clone());
        event
    }

    /// Every live object's name, per space, sorted.
    pub fn live(&self) -> Live {
        let mut live = Live::default();
        for addr in self.addrs() {
            let Some(object) = self.object(addr) else {
                continue;
            };
            let list = match addr {
                Addr::New(_) => &mut live.new,
                Addr::Old(_) => &mut live.old,
                Addr::Large(_) => &mut live.large,
            };
            list.push(object.name.clone());
        }
        live.new.sort();
        live.old.sort();
        live.large.sort();
        live
    }
}
