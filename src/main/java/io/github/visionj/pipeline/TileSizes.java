package io.github.visionj.pipeline;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.visionj.VisionJException;
import io.github.visionj.engine.LoadedModel;
import io.github.visionj.engine.Network;
import io.github.visionj.image.AxisTiling;
import io.github.visionj.image.FloatTensor;
import io.github.visionj.model.CacheFolder;
import io.github.visionj.model.ModelDescription;

/**
 * The automatic tile size of a 2D model on this machine: the tile edge that predicts the most
 * useful pixels per second (a tile's inner part, without the halo its neighbours predict). A
 * larger tile wastes less on its halo but may run slower per pixel (caches, memory), so it is
 * measured: the network is timed once on a few tile sizes the model accepts, from 128 to 1024
 * px, within a few seconds, and the result is kept in VisionJ's cache folder per weights (their
 * SHA-256), engine, device and thread count. The system property {@value #PROPERTY} (pixels) sets
 * the size instead, without measuring.
 */
final class TileSizes {

	static final String PROPERTY = "visionj.autoTileSize";
	/** Tile edges tried, each rounded down to a size the model accepts. */
	static final int[] CANDIDATES = { 128, 192, 256, 384, 512, 768, 1024 };
	/** Seconds the measurement may take: a larger tile is skipped when its predicted time does not fit. */
	static final double BUDGET_SECONDS = 10;
	/**
	 * A measurement is kept only when it timed every candidate up to this edge: small tiles spend much
	 * of their time on the halo, so the best of the small sizes alone (all a busy machine may time
	 * within the budget) can be several times slower than the default.
	 */
	static final long MEASURED_UP_TO = 512;
	/** Calls per tile size: the first pays for a new shape, the faster one counts. */
	static final int TIMED_CALLS = 2;
	static final String STAGE = "Measuring the fastest tile size of this model (once on this machine)";

	private static final String KIND = "tile-size", FILE = "tile-size.properties";
	private static final Map<String, Long> KNOWN = new ConcurrentHashMap<>();
	/** How many measurements ran, so tests can see that a known size is not measured again. */
	static final AtomicInteger MEASUREMENTS = new AtomicInteger();

	/** Seconds one network call takes on a tile of the given tilings' tile sizes ({@value #TIMED_CALLS} calls are made). */
	interface Timer {
		double seconds(AxisTiling[] tilings);
	}

	private TileSizes() {}

	/** The automatic tile edge of the model: set by {@value #PROPERTY}, remembered, or measured now. */
	static long automatic(LoadedModel model, List<TensorLayout> ins, TiledPrediction tiles, Progress progress) {
		String set = System.getProperty(PROPERTY);
		if (set != null) {
			try {
				long size = Long.parseLong(set.trim());
				if (size > 0) return size;
			}
			catch (NumberFormatException e) {
				// reported below
			}
			throw new VisionJException("The system property " + PROPERTY + " is '" + set + "'; set it to a tile edge in pixels " +
				"(e.g. 512) or remove it to let VisionJ measure the fastest tile size.");
		}
		return KNOWN.computeIfAbsent(key(model), key -> remembered(key, model, () -> best(tiles, timer(model.network(), ins),
			progress)));
	}

	interface Measurement {
		Measured run();
	}

	/**
	 * The chosen cap, the rate of each tile size tried (useful pixels per second), in order, and
	 * whether every candidate up to {@link #MEASURED_UP_TO} (or every candidate) was timed.
	 */
	record Measured(long tile, Map<Long, Double> rates, boolean complete) {}

	/**
	 * The tile edge kept in the cache folder under {@code key}, measured first when there is none.
	 * Two processes may measure at once; the first to finish is kept. A damaged file is measured
	 * again without being remembered, and so is a measurement that could not time the sizes up to
	 * {@link #MEASURED_UP_TO} within its budget (a machine too busy to compare): that run gets
	 * {@link RunOptions#MAX_TILE_2D}.
	 */
	static long remembered(String key, LoadedModel model, Measurement measurement) {
		if (Files.isDirectory(CacheFolder.folder(KIND).resolve(key))) {
			try (Reader r = Files.newBufferedReader(CacheFolder.filled(KIND, key, f -> {}).resolve(FILE), StandardCharsets.UTF_8)) {
				Properties p = new Properties();
				p.load(r);
				long tile = Long.parseLong(p.getProperty("tile", "").trim());
				if (tile > 0) return tile;
			}
			catch (IOException | RuntimeException e) {
				// measured again below
			}
		}
		Measured m = measurement.run();
		if (!m.complete()) return RunOptions.MAX_TILE_2D;
		CacheFolder.filled(KIND, key, f -> write(f.resolve(FILE), model, m));
		return m.tile();
	}

	private static void write(Path file, LoadedModel model, Measured m) throws IOException {
		Properties p = new Properties();
		p.setProperty("tile", Long.toString(m.tile()));
		p.setProperty("model", model.description().name());
		p.setProperty("weights", model.description().weights().sha256());
		p.setProperty("engine", model.description().weights().format() + " on " + model.network().device());
		p.setProperty("threads", threads());
		m.rates().forEach((tile, rate) -> p.setProperty("pixels-per-second." + tile, String.format(Locale.ROOT, "%.0f", rate)));
		try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
			p.store(w, "VisionJ's automatic tile size for one model on this machine; delete this folder to measure again");
		}
	}

	/**
	 * Times the tile sizes of {@link #CANDIDATES} that the model's size rules make distinct, from the
	 * smallest, after one untimed call (a network's first calls prepare it); stops before a size
	 * whose time, predicted from the last one by its area, would overrun {@link #BUDGET_SECONDS}.
	 * Returns the candidate with the most inner pixels per second.
	 */
	static Measured best(TiledPrediction tiles, Timer timer, Progress progress) {
		List<Long> caps = new ArrayList<>();
		List<AxisTiling[]> tilings = new ArrayList<>();
		for (int c : CANDIDATES) {
			AxisTiling[] t = tiles.tilings(new long[] { 1 << 20, 1 << 20 }, true, c);
			if (tilings.isEmpty() || area(t, 0) != area(tilings.get(tilings.size() - 1), 0)) {
				caps.add((long) c);
				tilings.add(t);
			}
		}
		Map<Long, Double> rates = new LinkedHashMap<>();
		if (tilings.size() == 1) return new Measured(caps.get(0), rates, true);
		MEASUREMENTS.incrementAndGet();
		long best = caps.get(0);
		boolean complete = true;
		double bestRate = 0, last = 0, spent = TIMED_CALLS * timer.seconds(tilings.get(0));
		for (int i = 0; i < tilings.size(); i++) {
			AxisTiling[] t = tilings.get(i);
			if (i > 0 && TIMED_CALLS * last * area(t, 0) / area(tilings.get(i - 1), 0) > BUDGET_SECONDS - spent) {
				complete = caps.get(i - 1) >= MEASURED_UP_TO;
				break;
			}
			progress.checkCanceled();
			progress.report(STAGE, i, tilings.size());
			last = timer.seconds(t);
			spent += TIMED_CALLS * last;
			double rate = area(t, 1) / last;
			rates.put(caps.get(i), rate);
			if (rate > bestRate) {
				bestRate = rate;
				best = caps.get(i);
			}
		}
		progress.report(STAGE, tilings.size(), tilings.size());
		return new Measured(best, rates, complete);
	}

	/** Pixels of a tile ({@code inner} 0), or of its inner part without the halo on both sides ({@code inner} 1). */
	private static double area(AxisTiling[] tilings, int inner) {
		double a = 1;
		for (AxisTiling t : tilings)
			a *= t.tile() - inner * 2 * t.halo();
		return a;
	}

	/** Times the network on tiles of random values: the fastest of {@link #TIMED_CALLS} calls. */
	static Timer timer(Network network, List<TensorLayout> ins) {
		return tilings -> {
			long[] spatial = new long[tilings.length];
			for (int i = 0; i < tilings.length; i++)
				spatial[i] = tilings[i].tile();
			Random random = new Random(1);
			List<FloatTensor> inputs = new ArrayList<>();
			for (TensorLayout in : ins) {
				FloatTensor t = FloatTensor.zeros(in.shape(in.channels(), spatial));
				for (int k = 0; k < t.data().length; k++)
					t.data()[k] = random.nextFloat();
				inputs.add(t);
			}
			double fastest = Double.MAX_VALUE;
			for (int run = 0; run < TIMED_CALLS; run++) {
				long start = System.nanoTime();
				network.predict(inputs);
				fastest = Math.min(fastest, (System.nanoTime() - start) / 1e9);
			}
			return fastest;
		};
	}

	/**
	 * The cache entry of a model on this machine: its weights' SHA-256, then a hash of the engine,
	 * device and thread count (no {@code -}, so entries of other devices are not taken for older versions).
	 */
	static String key(LoadedModel model) {
		ModelDescription d = model.description();
		String engine = d.weights().format() + "|" + model.network().device() + "|" + threads();
		try {
			return d.weights().sha256().substring(0, 16) + "_" + HexFormat.of().formatHex(
				MessageDigest.getInstance("SHA-256").digest(engine.getBytes(StandardCharsets.UTF_8)), 0, 8);
		}
		catch (NoSuchAlgorithmException e) {
			throw new IllegalStateException(e);
		}
	}

	/** The processors Java sees, and the engine's thread setting when the user gave one. */
	private static String threads() {
		String omp = System.getenv("OMP_NUM_THREADS");
		return Runtime.getRuntime().availableProcessors() + (omp == null ? "" : " (OMP_NUM_THREADS " + omp + ")");
	}
}
