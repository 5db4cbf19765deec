"""`field__any_of=[...]`: one of many values, given on PostgreSQL as one array, not a list."""

from django.core.exceptions import EmptyResultSet
from django.db.models import Field, ForeignObject, Lookup

from kbase.bulk import array_literal


class AnyOf(Lookup):
    """As `__in` with a list of values; on PostgreSQL `= ANY(array)`.

    `__in` writes a placeholder per value, which PostgreSQL parses and plans as a constant each:
    for the thousands of claim ids linking reads around new claims, that cost more than the read.
    """

    lookup_name = "any_of"
    prepare_rhs = False

    def as_sql(self, compiler, connection):
        lhs, params = self.process_lhs(compiler, connection)
        values = list(self.rhs)
        if not values:
            raise EmptyResultSet
        if connection.vendor == "postgresql":
            array = f"%s::{self.lhs.output_field.db_type(connection)}[]"
            return f"{lhs} = ANY({array})", [*params, array_literal(values)]
        return f"{lhs} IN ({', '.join(['%s'] * len(values))})", [*params, *values]


Field.register_lookup(AnyOf)
# Relations look up only what is registered on them (their own lookups), not on Field.
ForeignObject.register_lookup(AnyOf)
