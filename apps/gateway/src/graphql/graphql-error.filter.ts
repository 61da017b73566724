import { Catch } from '@nestjs/common';
import type { GqlExceptionFilter } from '@nestjs/graphql';
import { GraphQLError } from 'graphql';

/**
 * A GraphQLError thrown on purpose (FORBIDDEN, BAD_USER_INPUT, NOT_FOUND, UPSTREAM_UNAVAILABLE...) is
 * an answer, not a failure: it goes to the client as it is, without Nest logging it with its stack.
 * Anything else still reaches Nest's handler and `formatError`, which logs it once as unexpected.
 */
@Catch(GraphQLError)
export class GraphQLErrorFilter implements GqlExceptionFilter {
  catch(exception: GraphQLError): GraphQLError {
    return exception;
  }
}
