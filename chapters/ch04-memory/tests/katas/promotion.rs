//! Katas of `promotion.rs`: when a scavenge moves a survivor to old space.

#[cfg(not(kata_skip = "promotion::should_promote"))]
mod should_promote {
    use ch04_memory::heap::{Object, Policy};
    use kata_support::bounded;
    use kata_support::cases;

    fn object(size: usize, survived: u32) -> Object {
        let mut object = Object::new("x", size);
        object.survived = survived;
        object
    }

    /// V8's two rules with a 1000-byte To-space: age, or To-space past 25 % after the copy.
    fn v8_policy(size: usize, survived: u32, to_used: usize, expected: bool) {
        let got = bounded(move || {
            ch04_memory::promotion::should_promote(
                &Policy::v8(1000),
                &object(size, survived),
                to_used,
                1000,
            )
        });
        assert_eq!(
            got, expected,
            "should_promote: a {size}-byte object that survived {survived} scavenge(s), \
             To-space {to_used} of 1000 bytes used; V8's policy promotes after 1 survival \
             or when the copy would fill To-space past 25 %: promote should be {expected}"
        );
    }
    cases!(v8_policy {
        young_and_room: (10, 0, 0, false),
        survived_once: (10, 1, 0, true),
        survived_twice: (10, 2, 0, true),
        exactly_a_quarter_is_not_over: (50, 0, 200, false),
        one_byte_over_a_quarter: (51, 0, 200, true),
        big_first_timer: (300, 0, 0, true),
        to_space_already_full: (1, 0, 900, true),
    });

    /// The policy is a value: a heap that waits for three survivals, or a 50 % To-space rule.
    fn custom_policy(
        promote_after: u32,
        to_space_percent: usize,
        object: Object,
        to_used: usize,
        expected: bool,
    ) {
        let policy = Policy {
            promote_after,
            to_space_percent,
            ..Policy::v8(1000)
        };
        let (size, survived) = (object.size, object.survived);
        let got = bounded(move || {
            ch04_memory::promotion::should_promote(&policy, &object, to_used, 1000)
        });
        assert_eq!(
            got, expected,
            "should_promote: a {size}-byte object that survived {survived} scavenge(s), \
             To-space {to_used} of 1000 bytes used; the policy promotes after \
             {promote_after} survival(s) or when the copy would fill To-space past \
             {to_space_percent} %: promote should be {expected}"
        );
    }
    cases!(custom_policy {
        age_three_not_yet: (3, 25, object(10, 2), 0, false),
        age_three_reached: (3, 25, object(10, 3), 0, true),
        half_full_allowed: (3, 50, object(100, 0), 400, false),
        half_full_passed: (3, 50, object(101, 0), 400, true),
    });
}
