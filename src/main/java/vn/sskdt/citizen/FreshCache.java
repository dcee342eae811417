package vn.sskdt.citizen;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;
import java.util.function.ToIntFunction;

/**
 * Values built from health books, kept until a write to what they were built from commits
 * ({@link BookChanges}), within a memory bound (Caffeine, least recently used out first). A value is
 * kept under a key of {@link BookChanges} (a book, a personal ID) and a variant (a language, a date):
 * a change of the key drops all its variants.
 *
 * <p>Why the bookkeeping: a value generated while a write commits may hold the book as it was before;
 * it must not be kept. So each generation holds a ticket on its key; a change that ends spoils the
 * tickets held then, and a spoiled generation's value is handed to its own request only (which began
 * before the change ended) but not kept. A ticket is taken before the generation reads anything, so a
 * generation that took its ticket after the change ended read the committed data. Keeping and dropping
 * happen under the key's entry of {@code generating}, one at a time, so none is lost between.
 */
public final class FreshCache<V> {

	private static final int VARIANTS = 4;

	private static final class Ticket {
		final long epoch;
		boolean spoiled; // written and read under the key's compute of generating

		Ticket(long epoch) {
			this.epoch = epoch;
		}
	}

	private final BookChanges changes;
	private final BookChanges.Scope scope;
	private final Cache<String, Map<String, V>> values;
	private final ConcurrentHashMap<String, List<Ticket>> generating = new ConcurrentHashMap<>();
	/** a change of everything (the read side keeps values, the write side drops them all) */
	private final ReadWriteLock everything = new ReentrantReadWriteLock();
	private volatile long epoch;
	private final Counter hits;
	private final Counter misses;

	/**
	 * @param maxWeight the bound, in units of {@code weight} (e.g. characters of a JSON text)
	 */
	public FreshCache(String name, BookChanges changes, BookChanges.Scope scope, long maxWeight,
			ToIntFunction<V> weight, MeterRegistry meters) {
		this.changes = changes;
		this.scope = scope;
		this.values = Caffeine.newBuilder()
				.maximumWeight(maxWeight)
				.weigher((String key, Map<String, V> variants) ->
						variants.values().stream().mapToInt(weight).sum() + 1)
				.build();
		this.hits = meters.counter("sskdt.citizen.cache.hits", "cache", name);
		this.misses = meters.counter("sskdt.citizen.cache.misses", "cache", name);
		meters.gaugeMapSize("sskdt.citizen.cache.size", List.of(io.micrometer.core.instrument.Tag.of("cache", name)),
				values.asMap());
		changes.register(this);
	}

	BookChanges.Scope scope() {
		return scope;
	}

	/**
	 * The value kept for {@code key} and {@code variant}, or a new one from {@code generate}, kept unless
	 * a change of {@code key} ended meanwhile. While a write of {@code key} commits, always a new one.
	 */
	public V get(String key, String variant, Supplier<V> generate) {
		if (changes.beingWritten(key, scope)) {
			misses.increment();
			return generate.get();
		}
		Map<String, V> kept = values.getIfPresent(key);
		V value = kept == null ? null : kept.get(variant);
		if (value != null) {
			hits.increment();
			return value;
		}
		misses.increment();
		Ticket ticket = new Ticket(epoch);
		generating.compute(key, (k, tickets) -> {
			List<Ticket> held = tickets == null ? new ArrayList<>(2) : tickets;
			held.add(ticket);
			return held;
		});
		try {
			value = generate.get();
		} catch (RuntimeException | Error e) {
			release(key, ticket, null, null);
			throw e;
		}
		// a write that began committing after our ticket was taken: it may or may not be in what we read
		boolean keep = !changes.beingWritten(key, scope);
		release(key, ticket, variant, keep ? value : null);
		return value;
	}

	private void release(String key, Ticket ticket, String variant, V value) {
		everything.readLock().lock();
		try {
			generating.compute(key, (k, tickets) -> {
				if (tickets != null) {
					tickets.remove(ticket);
				}
				if (value != null && !ticket.spoiled && ticket.epoch == epoch) {
					values.asMap().compute(key, (k2, variants) -> {
						Map<String, V> next = variants == null || variants.size() >= VARIANTS
								? new HashMap<>() : new HashMap<>(variants);
						next.put(variant, value);
						return Map.copyOf(next);
					});
				}
				return tickets == null || tickets.isEmpty() ? null : tickets;
			});
		} finally {
			everything.readLock().unlock();
		}
	}

	/** A write of {@code key} ended: drop its values, spoil its generations under way. */
	void changed(String key) {
		generating.compute(key, (k, tickets) -> {
			if (tickets != null) {
				tickets.forEach(t -> t.spoiled = true);
			}
			values.invalidate(key);
			return tickets;
		});
	}

	/** A write of something every value may show ended: drop everything, spoil every generation under way. */
	void changedEverything() {
		everything.writeLock().lock();
		try {
			epoch++;
			values.invalidateAll();
		} finally {
			everything.writeLock().unlock();
		}
	}
}
