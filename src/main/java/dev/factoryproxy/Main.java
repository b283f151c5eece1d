package dev.factoryproxy; public class Main { public static void main(String[] a){} }
