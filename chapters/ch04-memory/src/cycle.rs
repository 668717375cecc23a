//! Reference cycles (循环引用): `Rc` counts, and a cycle never reaches zero.
//!
//! V8 traces from roots, so a cycle nothing reaches is garbage like any other.
//! Rust's `Rc` counts references instead, and a parent that holds its child
//! while the child holds its parent keeps both counts above zero for ever:
//! dropping the last outside handle leaks both. The fix is to make the
//! back-reference `Weak`: it does not count, and `upgrade()` answers `None`
//! once the parent is gone.
//! Book: book/src/ch04-memory/leaks.md

use std::cell::RefCell;
use std::rc::{Rc, Weak};

/// The leaking tree: a child holds its parent strongly.
#[derive(Debug, Default)]
pub struct LeakyNode {
    /// A payload, so a leak is visible in bytes too.
    pub data: Vec<u8>,
    /// The children.
    pub children: RefCell<Vec<Rc<LeakyNode>>>,
    /// The parent, strongly: the cycle.
    pub parent: RefCell<Option<Rc<LeakyNode>>>,
}

/// Makes `child` a child of `parent`, the leaking way.
pub fn adopt_leaky(parent: &Rc<LeakyNode>, child: Rc<LeakyNode>) {
    *child.parent.borrow_mut() = Some(Rc::clone(parent));
    parent.children.borrow_mut().push(child);
}

/// A tree node whose parent link does not own the parent.
#[derive(Debug, Default)]
pub struct TreeNode {
    /// A payload.
    pub data: Vec<u8>,
    /// The children, owned.
    pub children: RefCell<Vec<Rc<TreeNode>>>,
    /// The parent, not owned.
    pub parent: RefCell<Weak<TreeNode>>,
}

impl TreeNode {
    /// The parent, if it is still alive.
    pub fn parent(&self) -> Option<Rc<TreeNode>> {
        self.parent.borrow().upgrade()
    }
}

/// Kata `cycle::adopt` — link `child` under `parent` without an `Rc` cycle.
///
/// **Task.** The parent owns the child (push it on `children`); the child
/// refers back to the parent without owning it (`Rc::downgrade`).
/// **Node does.** Nothing to do in JavaScript: V8's tracing collector frees
/// unreachable cycles. Reference counting (Rust's `Rc`, CPython, old IE's DOM)
/// cannot; see the book's leaks page.
/// **Book.** book/src/ch04-memory/leaks.md#adopt
/// **Check.** `cargo xtask check chapter-4 cycle::adopt`
// ANCHOR: adopt
pub fn adopt(parent: &Rc<TreeNode>, child: Rc<TreeNode>) {
    todo!("kata cycle::adopt")
}
// ANCHOR_END: adopt
