package io.github.visionj.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

import ij.IJ;
import ij.ImagePlus;
import ij.ImageStack;
import ij.io.FileSaver;
import ij.process.ByteProcessor;
import ij.process.ImageProcessor;
import io.github.visionj.cli.Main;
import io.github.visionj.engine.LoadedModel;
import io.github.visionj.engine.ModelCache;
import io.github.visionj.engine.Network;
import io.github.visionj.image.FloatTensor;
import io.github.visionj.model.CacheFolder;

/**
 * Time and peak resident memory of instance segmentation with a bundled model through the
 * launcher ({@code instance --model nuclei}), for square 8-bit mosaics of the DSB 2018 sample of
 * several sizes and for a stack, side by side in one run; each case in its own JVM with the same
 * heap limit. Prints per case the wall time, the peak RSS (the child's VmHWM), the time per
 * megapixel against the network's own forward pass on 512 x 512 tiles, and how time and RSS grow
 * with the area against the smallest size. The model's automatic tile size is measured afresh
 * first (the cache's tile-size entries are removed). See docs/benchmarks.md.
 */
public final class Bench {

	private static final String CHILD = "--child", RESULT = "bench-result ";

	private Bench() {}

	public static void main(String[] args) throws Exception {
		if (args.length > 0 && args[0].equals(CHILD)) {
			child(Arrays.copyOfRange(args, 1, args.length));
			return;
		}
		Map<String, String> o = options(args);
		List<Integer> sizes = Arrays.stream(o.getOrDefault("sizes", "512,2048,8192,16384").split(",")).map(String::trim)
			.map(Integer::valueOf).toList();
		int planes = Integer.parseInt(o.getOrDefault("stack", "100"));
		int plane = Integer.parseInt(o.getOrDefault("plane", "256"));
		String model = o.getOrDefault("model", "nuclei"), xmx = o.getOrDefault("xmx", "4g");
		Path work = Files.createTempDirectory("visionj-bench");
		try {
			System.out.printf(Locale.ROOT, "VisionJ bench %s: instance --model %s, each case in its own JVM with -Xmx%s, %d processors, " +
				"Java %s%n", java.time.LocalDate.now(), model, xmx, Runtime.getRuntime().availableProcessors(), Runtime.version());
			double forward = forwardSecondsPerMpx(model);
			System.out.printf(Locale.ROOT, "network forward alone on 512 x 512 tiles: %.3f s per Mpx%n", forward);
			// the first run of a model on a machine measures its automatic tile size: afresh, and not part of any case
			Path tileSizes = CacheFolder.folder("tile-size");
			delete(tileSizes, false);
			Case warmUp = run(work, "warm-up", mosaic(work, "warm-up", 320, 320, 1), model, xmx);
			try (Stream<Path> entries = Files.list(tileSizes)) {
				List<Path> measured = entries.toList();
				for (Path entry : measured)
					System.out.println("automatic tile size measured: " + Files.readAllLines(entry.resolve("tile-size.properties")).stream()
						.filter(l -> l.startsWith("tile=") || l.startsWith("pixels-per-second")).sorted().toList());
				if (measured.isEmpty()) System.out.println("automatic tile size: not remembered (the machine was too busy to " +
					"time two sizes within the budget), so each case measures again and falls back to 1024 px");
			}
			Case fixed = run(work, "64 x 64 (start-up)", mosaic(work, "fixed", 64, 64, 1), model, xmx);
			System.out.printf(Locale.ROOT, "warm-up %.1f s; start-up (JVM, engine, model, a 64 x 64 image): %.1f s, %.0f MB%n",
				warmUp.seconds, fixed.seconds, fixed.rssMb);
			List<Case> cases = new ArrayList<>();
			for (int size : sizes)
				cases.add(run(work, size + " x " + size, mosaic(work, "mosaic-" + size, size, size, 1), model, xmx));
			if (planes > 0) cases.add(run(work, planes + " planes of " + plane + " x " + plane,
				mosaic(work, "stack-" + planes, plane, plane, planes), model, xmx));
			report(cases, fixed, forward);
		}
		finally {
			delete(work, true);
		}
	}

	/** Deletes what a folder holds, and with {@code itself} the folder too. */
	private static void delete(Path folder, boolean itself) throws IOException {
		try (Stream<Path> files = Files.walk(folder)) {
			files.sorted(Comparator.reverseOrder()).filter(p -> itself || !p.equals(folder)).forEach(p -> p.toFile().delete());
		}
	}

	/** One case: its pixels, wall time and peak RSS. */
	private record Case(String name, double mpx, double seconds, double rssMb) {}

	private static void report(List<Case> cases, Case fixed, double forward) {
		System.out.println();
		System.out.println("| case | Mpx | time | peak RSS | s per Mpx (after start-up) | vs forward | area × | time × | RSS × |");
		System.out.println("|------|----:|-----:|---------:|------:|------:|------:|------:|------:|");
		Case first = cases.get(0);
		for (Case c : cases) {
			double net = Math.max(0, c.seconds - fixed.seconds) / c.mpx;
			System.out.printf(Locale.ROOT, "| %s | %.2f | %.1f s | %.0f MB | %.3f | %.2f | %.1f | %.2f | %.2f |%n", c.name, c.mpx,
				c.seconds, c.rssMb, net, net / forward, c.mpx / first.mpx, (c.seconds - fixed.seconds) / (first.seconds -
					fixed.seconds), c.rssMb / first.rssMb);
		}
		System.out.println("(time and RSS × are against the first case, time after start-up; linear growth: time × = area ×)");
	}

	/** Seconds per megapixel of the model's network on 512 x 512 inputs: median of 5 calls after 2 untimed ones. */
	private static double forwardSecondsPerMpx(String model) {
		try (ModelCache models = new ModelCache()) {
			LoadedModel loaded = models.get(model);
			Network network = loaded.network();
			// the bundled models take [batch, channel, y, x]
			long channels = loaded.description().inputs().get(0).axes().get(1).channelNames().size();
			FloatTensor input = FloatTensor.zeros(1, channels, 512, 512);
			Random random = new Random(1);
			for (int i = 0; i < input.data().length; i++)
				input.data()[i] = random.nextFloat();
			double[] times = new double[7];
			for (int i = 0; i < times.length; i++) {
				long start = System.nanoTime();
				network.predict(List.of(input));
				times[i] = (System.nanoTime() - start) / 1e9;
			}
			double[] timed = Arrays.copyOfRange(times, 2, times.length);
			Arrays.sort(timed);
			return timed[timed.length / 2] / (512 * 512 / 1e6);
		}
	}

	/**
	 * An 8-bit image of {@code planes} planes of w x h, tiled from the DSB 2018 fluorescence sample
	 * in random mirror images (so tiles do not repeat at one period), written as a TIFF.
	 */
	private static Path mosaic(Path work, String name, int w, int h, int planes) {
		ImageProcessor sample = IJ.openImage(Path.of("src/test/resources/dsb2018/nuclei.png").toString()).getProcessor()
			.convertToByte(true);
		Random random = new Random(planes * 31L + w);
		ImageStack stack = new ImageStack(w, h);
		for (int z = 0; z < planes; z++) {
			ByteProcessor p = new ByteProcessor(w, h);
			for (int y = 0; y < h; y += sample.getHeight())
				for (int x = 0; x < w; x += sample.getWidth()) {
					ImageProcessor t = sample.duplicate();
					if (random.nextBoolean()) t.flipHorizontal();
					if (random.nextBoolean()) t.flipVertical();
					p.insert(t, x, y);
				}
			stack.addSlice(p);
		}
		Path file = work.resolve(name + ".tif");
		ImagePlus image = new ImagePlus(name, stack);
		boolean saved = planes > 1 ? new FileSaver(image).saveAsTiffStack(file.toString()) : new FileSaver(image).saveAsTiff(
			file.toString());
		if (!saved) throw new IllegalStateException("Cannot write " + file);
		return file;
	}

	/** Runs the launcher on the image in a new JVM and reads back its wall time and peak RSS. */
	private static Case run(Path work, String name, Path image, String model, String xmx) throws IOException,
		InterruptedException
	{
		Path out = Files.createDirectories(work.resolve("out-" + image.getFileName()));
		Path log = work.resolve(image.getFileName() + ".log");
		List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx" + xmx,
			"-cp", System.getProperty("java.class.path"), Bench.class.getName(), CHILD, "instance", "--model", model,
			"--input", image.toString(), "--output", out.toString(), "--overwrite");
		Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
		int code = p.waitFor();
		String text = Files.readString(log, StandardCharsets.UTF_8);
		String result = text.lines().filter(l -> l.startsWith(RESULT)).reduce((a, b) -> b).orElse(null);
		if (code != 0 || result == null) throw new IllegalStateException("The case " + name + " failed (exit " + code + "):\n" + text);
		String[] f = result.substring(RESULT.length()).trim().split(" ");
		ImagePlus opened = IJ.openVirtual(image.toString());
		double mpx = (double) opened.getWidth() * opened.getHeight() * opened.getStackSize() / 1e6;
		Case c = new Case(name, mpx, Double.parseDouble(f[0]), Double.parseDouble(f[1]) / 1024);
		System.out.printf(Locale.ROOT, "%s: %.1f s, peak RSS %.0f MB%n", name, c.seconds, c.rssMb);
		return c;
	}

	/** In the case's JVM: runs the launcher and, as Java exits, prints the time since start and VmHWM. */
	private static void child(String[] launcherArgs) {
		long start = System.nanoTime();
		Runtime.getRuntime().addShutdownHook(new Thread(() -> System.out.printf(Locale.ROOT, "%s%.3f %d%n", RESULT,
			(System.nanoTime() - start) / 1e9, peakKb())));
		Main.main(launcherArgs);
	}

	/** This process's peak resident memory in kB (Linux /proc), or -1. */
	private static long peakKb() {
		try {
			for (String line : Files.readAllLines(Path.of("/proc/self/status")))
				if (line.startsWith("VmHWM:")) return Long.parseLong(line.replaceAll("[^0-9]", ""));
		}
		catch (IOException | NumberFormatException e) {
			// not Linux
		}
		return -1;
	}

	private static Map<String, String> options(String[] args) {
		Map<String, String> o = new LinkedHashMap<>();
		for (int i = 0; i < args.length; i++) {
			if (!args[i].startsWith("--") || i + 1 == args.length) throw new IllegalArgumentException(
				"usage: Bench [--sizes 512,2048,8192,16384] [--stack 100] [--plane 256] [--model nuclei] [--xmx 4g]");
			o.put(args[i].substring(2), args[++i]);
		}
		return o;
	}
}
