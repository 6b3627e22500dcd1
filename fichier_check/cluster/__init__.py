"""The audit on a Dask cluster (`audit DATASET --engine dask`): a large CSV file, a folder of CSV
parts or a Parquet dataset checked part by part by the workers, with the same rules and check
modules as on one machine, and the same reports (`run`). Dask is an optional extra
(`pip install 'fichier-check[dask]'`): nothing here is imported by a one-machine run.
"""
