#!/bin/sh
# Throughput of the launcher and of the Spark job on local[1] and local[2] on one folder, as ratios.
# usage: src/test/scripts/spark-throughput.sh [folder of images] [model]   (from the project folder)
set -e
mvn -B -q test-compile dependency:build-classpath -Dmdep.outputFile=target/test.classpath -Dmdep.includeScope=test
# Spark's --add-opens, as the pom gives them to the tests
opens=$(sed -n '/<spark.opens>/,/<\/spark.opens>/p' pom.xml | sed 's/<[^>]*>//g')
exec java -Xmx3g $opens -cp "target/test-classes:target/classes:$(cat target/test.classpath)" io.github.visionj.spark.SparkThroughput "$@"
