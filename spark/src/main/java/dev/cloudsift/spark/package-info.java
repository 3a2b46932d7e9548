/** Cloudsift's ingest and hunt as Spark jobs that write the same case as the local command line. */
package dev.cloudsift.spark;
