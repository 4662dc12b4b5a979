package io.github.visionj.spark;

import java.io.File;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import io.github.visionj.cli.Main;

/**
 * Not a test: the throughput of the launcher and of the Spark job on {@code local[1]} and
 * {@code local[2]} on one folder, each a fresh Java process timed from start to exit, printed as
 * ratios to the launcher. Run by {@code src/test/scripts/spark-throughput.sh [folder] [model]};
 * without a folder, 12 copies of the two small samples of src/test/resources/dsb2018.
 */
public final class SparkThroughput {

	public static void main(String[] args) throws Exception {
		Path work = Files.createTempDirectory("visionj-throughput");
		Path in = args.length > 0 ? Path.of(args[0]) : samples(work.resolve("in"));
		String model = args.length > 1 ? args[1] : "nuclei";
		int images = new File(in.toString()).list((d, n) -> n.matches("(?i).*\\.(tif|tiff|png|jpg|jpeg|bmp|gif)")).length;
		// once, unmeasured: fills VisionJ's caches (bundled model, engine natives, self-check) as a user's earlier runs would have
		run(work, "warm-up", Main.class, null, in, model);
		double launcher = run(work, "launcher", Main.class, null, in, model);
		double one = run(work, "local1", SparkJob.class, "local[1]", in, model);
		double two = run(work, "local2", SparkJob.class, "local[2]", in, model);
		System.out.printf(Locale.ROOT, "%d images of %s, model %s, %d processors; each run a new Java process:%n", images, in, model,
			Runtime.getRuntime().availableProcessors());
		for (Object[] r : new Object[][] { { "launcher", launcher }, { "Spark local[1]", one }, { "Spark local[2]", two } }) {
			double s = (Double) r[1];
			System.out.printf(Locale.ROOT, "  %-15s %7.1f s  %6.2f images/s  throughput %.2f x the launcher's%n", r[0], s, images / s,
				launcher / s);
		}
		for (String run : List.of("local1", "local2"))
			for (String f : new File(work.resolve("launcher").toString()).list())
				if (!f.endsWith(".zip") && !Arrays.equals(Files.readAllBytes(work.resolve("launcher").resolve(f)),
					Files.readAllBytes(work.resolve(run).resolve(f)))) System.out.println("  DIFFERENT: " + run + "/" + f);
	}

	private static Path samples(Path folder) throws Exception {
		Files.createDirectories(folder);
		for (int i = 1; i <= 6; i++)
			for (String name : List.of("nuclei", "histology"))
				Files.copy(Path.of("src/test/resources/dsb2018", name + ".png"), folder.resolve(name + i + ".png"));
		return folder;
	}

	/** Seconds from starting the process to its exit. */
	private static double run(Path work, String name, Class<?> main, String master, Path in, String model) throws Exception {
		List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
		// this JVM's options (heap, Spark's --add-opens) for every run alike
		command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
		if (master != null) command.addAll(List.of("-Dspark.master=" + master, "-Dspark.ui.enabled=false"));
		command.addAll(List.of("-cp", System.getProperty("java.class.path"), main.getName(), "instance", "--model", model, "--input",
			in.toString(), "--output", work.resolve(name).toString()));
		long start = System.nanoTime();
		Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(work.resolve(name + ".txt").toFile()).start();
		if (p.waitFor() != 0) throw new IllegalStateException(name + " failed; see " + work.resolve(name + ".txt"));
		return (System.nanoTime() - start) / 1e9;
	}
}
